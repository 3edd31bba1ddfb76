package dev.takwimu.aws.internal;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteSource;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Rows staged for upload carry their TIMESTAMP columns as text, because Athena reads Hive Parquet timestamps with
 * milliseconds only; the staging table's query casts them back ({@link AwsLakeStore.StagedTable#select()}).
 */
final class TextTimestamps {
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);

  private TextTimestamps() {}

  /** The rows with TIMESTAMP columns as text with microseconds ({@code 2024-04-22 08:18:00.123456}). */
  static WriteSource.Rows of(WriteSource.Rows rows) {
    List<Column> columns = rows.schema().columns();
    if (columns.stream().noneMatch(c -> c.type() == DataType.TIMESTAMP)) {
      return rows;
    }
    Schema text = new Schema(columns.stream()
        .map(c -> c.type() == DataType.TIMESTAMP ? Column.of(c.name(), DataType.STRING) : c).toList());
    Iterable<List<?>> converted = () -> new Iterator<>() {
      private final Iterator<? extends List<?>> source = rows.rows().iterator();

      @Override
      public boolean hasNext() {
        return source.hasNext();
      }

      @Override
      public List<?> next() {
        List<?> row = source.next();
        List<Object> copy = new ArrayList<>(row);
        for (int i = 0; i < Math.min(copy.size(), columns.size()); i++) {
          if (columns.get(i).type() == DataType.TIMESTAMP && copy.get(i) instanceof LocalDateTime time) {
            copy.set(i, time.toLocalDate() + " " + time.toLocalTime().format(MICROS));
          } else if (columns.get(i).type() == DataType.TIMESTAMP && copy.get(i) != null) {
            copy.set(i, copy.get(i).toString().replace('T', ' '));
          }
        }
        return copy;
      }
    };
    return new WriteSource.Rows(text, converted);
  }
}
