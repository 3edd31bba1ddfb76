package dev.takwimu.safaricom;

import dev.takwimu.core.TakwimuException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The source document's seed report, bundled with this module: its three raw exports (19 customers, 1,015 M-Pesa
 * transactions, 67 Fuliza loans) and the Business Insights tables they must reproduce ({@value #EXPECTED_INSIGHTS}).
 * The same files are in the source tree under {@code safaricom/src/main/resources/dev/takwimu/safaricom/seed-report/}.
 */
public final class SeedReport {
  private SeedReport() {}

  /** The date the report was computed as of. */
  public static final LocalDate AS_OF = LocalDate.parse("2025-01-01");
  /** The published tables, keyed by insight name as the CLI names them. */
  public static final String EXPECTED_INSIGHTS = "expected-insights.json";
  private static final String RESOURCES = "/dev/takwimu/safaricom/seed-report/";

  /**
   * Copies the three exports (and {@value #EXPECTED_INSIGHTS}) into {@code directory}, creating it, and returns it: a
   * delivery directory for {@link RawExport#in}.
   *
   * @throws TakwimuException when the directory cannot be written
   */
  public static Path copyTo(Path directory) {
    try {
      Files.createDirectories(directory);
      for (String name : fileNames()) {
        Files.writeString(directory.resolve(name), text(name));
      }
      return directory;
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot copy the seed report to %s: %s", directory, e.getMessage());
    }
  }

  /** The text of one bundled file: an export's {@link RawExport#fileName()} or {@value #EXPECTED_INSIGHTS}. */
  public static String text(String fileName) {
    try (InputStream in = SeedReport.class.getResourceAsStream(RESOURCES + fileName)) {
      if (in == null) {
        throw new IllegalArgumentException("The seed report has no file " + fileName + " (files: " + fileNames() + ")");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TakwimuException(e, "Cannot read the bundled seed report: %s", e.getMessage());
    }
  }

  private static List<String> fileNames() {
    return List.of(RawExport.CUSTOMERS.fileName(), RawExport.TRANSACTIONS.fileName(), RawExport.LOANS.fileName(),
        EXPECTED_INSIGHTS);
  }
}
