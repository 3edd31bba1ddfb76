package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.TakwimuException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads headerless two-field text lines ({@code id,value}) from every object under an S3 prefix, one object at a
 * time: batch transform output ({@code id,probability}, plain text) and exported hold-out labels ({@code id,0|1},
 * gzip-compressed as Athena writes TEXTFILE); an object starting with gzip's magic bytes is decompressed. Writes the
 * input objects of a transform gzip-compressed, as the scoring export is, since the transform is told its input is.
 */
final class TransformOutput {
  private final S3Client s3;
  private final S3Objects objects;

  TransformOutput(S3Client s3, AwsSettings settings) {
    this.s3 = s3;
    this.objects = new S3Objects(s3, settings);
  }

  /** One line: the id and the number after the last comma. */
  record Line(String id, double value) {}

  /** Calls {@code each} with every line's id and value. */
  void forEach(S3Location prefix, BiConsumer<String, Double> each) {
    for (Line line : lines(prefix)) {
      each.accept(line.id(), line.value());
    }
  }

  /** The lines of every non-empty object under the prefix, read lazily in key order. */
  Iterable<Line> lines(S3Location prefix) {
    return () -> new Iterator<>() {
      private final Iterator<S3Object> objects = s3.listObjectsV2Paginator(r -> r.bucket(prefix.bucket())
          .prefix(prefix.prefix())).contents().stream()
          .filter(o -> o.size() > 0 && !o.key().endsWith("/")).toList().iterator();
      private BufferedReader reader;
      private String key;
      private String next;
      private long lineNumber;

      @Override
      public boolean hasNext() {
        try {
          while (next == null) {
            if (reader != null) {
              next = reader.readLine();
              lineNumber++;
              if (next == null) {
                reader.close();
                reader = null;
              } else if (next.isEmpty()) {
                next = null;
              }
              continue;
            }
            if (!objects.hasNext()) {
              return false;
            }
            key = objects.next().key();
            lineNumber = 0;
            reader = new BufferedReader(new InputStreamReader(
                decompressed(s3.getObject(r -> r.bucket(prefix.bucket()).key(key))), StandardCharsets.UTF_8));
          }
          return true;
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read s3://" + prefix.bucket() + "/" + key, e);
        }
      }

      @Override
      public Line next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        String line = next;
        next = null;
        int comma = line.lastIndexOf(',');
        try {
          if (comma <= 0) {
            throw new NumberFormatException();
          }
          return new Line(line.substring(0, comma), Double.parseDouble(line.substring(comma + 1).trim()));
        } catch (NumberFormatException e) {
          throw new TakwimuException("Cannot read s3://" + prefix.bucket() + "/" + key + " line " + lineNumber
              + ": expected id,number, got '" + (line.length() > 80 ? line.substring(0, 80) + "..." : line) + "'");
        }
      }
    };
  }

  /** The stream, decompressed when it starts with gzip's magic bytes (0x1f 0x8b). */
  static InputStream decompressed(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    return first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered) : buffered;
  }

  /** Writes lines, each ended by a newline, gzip-compressed as the object {@code name} under the prefix. */
  void write(S3Location prefix, String name, List<String> lines) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Writer out = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
      for (String line : lines) {
        out.write(line);
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot compress the transform input " + name, e);
    }
    objects.put(prefix.resolve(name), bytes.toByteArray());
  }

  /** Keys of the objects under a prefix (for messages and tests). */
  List<String> keys(S3Location prefix) {
    return s3.listObjectsV2Paginator(r -> r.bucket(prefix.bucket()).prefix(prefix.prefix())).contents().stream()
        .map(S3Object::key).toList();
  }
}
