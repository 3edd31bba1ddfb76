package dev.takwimu.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A delimited export to append to a raw dataset.
 *
 * @param file the file, with a header row
 * @param target the raw dataset to append to
 * @param requiredColumns normalized column names the file must have; ingest refuses a file that lacks one
 * @param delimiter field delimiter
 */
public record CsvSource(Path file, DatasetId target, List<String> requiredColumns, char delimiter) {
  public CsvSource {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(target, "target");
    requiredColumns = List.copyOf(requiredColumns);
    if (target.zone() != Zone.RAW) {
      throw new IllegalArgumentException("Ingest writes to the raw zone, not " + target);
    }
  }

  /**
   * The SHA-256 of the file's bytes, in hex: what ingest remembers to recognise the same content again.
   *
   * @throws InvalidInputException when the file cannot be read
   */
  public String sha256() {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static CsvSource of(Path file, DatasetId target, List<String> requiredColumns) {
    return new CsvSource(file, target, requiredColumns, ',');
  }
}
