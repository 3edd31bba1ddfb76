package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.TakwimuException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads headerless two-field text lines ({@code id,value}) from every object under an S3 prefix, one object at a
 * time: batch transform output ({@code id,probability}) and exported hold-out labels ({@code id,0|1}); writes the
 * input objects of a transform.
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
                s3.getObject(r -> r.bucket(prefix.bucket()).key(key)), StandardCharsets.UTF_8));
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

  /** Writes lines, each ended by a newline, as the object {@code name} under the prefix. */
  void write(S3Location prefix, String name, List<String> lines) {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(line).append('\n'));
    objects.put(prefix.resolve(name), text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Keys of the objects under a prefix (for messages and tests). */
  List<String> keys(S3Location prefix) {
    return s3.listObjectsV2Paginator(r -> r.bucket(prefix.bucket()).prefix(prefix.prefix())).contents().stream()
        .map(S3Object::key).toList();
  }
}
