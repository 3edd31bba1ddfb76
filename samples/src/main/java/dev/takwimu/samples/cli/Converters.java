package dev.takwimu.samples.cli;

import dev.takwimu.core.DatasetId;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option value converters whose errors read as usage errors (exit code 2). */
final class Converters {
  private Converters() {}

  /** {@code YYYY-MM-DD}. */
  static final class Date implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return LocalDate.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is not a date; expected YYYY-MM-DD, e.g. 2025-01-01");
      }
    }
  }

  /** {@code ZONE/NAME}, e.g. {@code curated/transactions}. */
  static final class Dataset implements ITypeConverter<DatasetId> {
    @Override
    public DatasetId convert(String value) {
      try {
        return DatasetId.parse(value.trim());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
