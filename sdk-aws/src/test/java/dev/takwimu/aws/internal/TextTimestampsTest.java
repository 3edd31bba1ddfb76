package dev.takwimu.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.Schema;
import dev.takwimu.core.WriteSource;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTimestampsTest {
  @Test
  void timestampColumnsBecomeTextWithMicroseconds() {
    Schema schema = Schema.of(Column.of("id", DataType.LONG), Column.of("seen_at", DataType.TIMESTAMP));
    WriteSource.Rows rows = WriteSource.rows(schema, List.of(
        List.of(1L, LocalDateTime.parse("2024-04-22T08:18")),
        List.of(2L, LocalDateTime.parse("2024-04-22T08:18:00.1234567")),
        Arrays.asList(3L, null)));

    WriteSource.Rows text = TextTimestamps.of(rows);

    assertThat(text.schema()).isEqualTo(Schema.of(Column.of("id", DataType.LONG),
        Column.of("seen_at", DataType.STRING)));
    List<List<?>> values = new ArrayList<>();
    text.rows().forEach(values::add);
    assertThat(values).containsExactly(List.of(1L, "2024-04-22 08:18:00.000000"),
        List.of(2L, "2024-04-22 08:18:00.123456"), Arrays.asList(3L, null));
  }

  @Test
  void rowsWithoutTimestampsAreLeftAsTheyAre() {
    WriteSource.Rows rows = WriteSource.rows(Schema.of(Column.of("id", DataType.LONG)), List.of(List.of(1L)));

    assertThat(TextTimestamps.of(rows)).isSameAs(rows);
  }
}
