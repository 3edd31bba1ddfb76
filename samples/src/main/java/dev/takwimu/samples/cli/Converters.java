package dev.takwimu.samples.cli;

import dev.takwimu.core.Algorithm;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.safaricom.SafaricomModels;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** Option value converters whose errors read as usage errors (exit code 2). */
public final class Converters {
  private Converters() {}

  /** {@code YYYY-MM-DD}. */
  public static final class Date implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return LocalDate.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' is not a date; expected YYYY-MM-DD, e.g. 2025-01-01");
      }
    }
  }

  /** A positive duration as {@code 500ms}, {@code 5s}, {@code 1m} or {@code 2h}, as {@code takwimu stream} takes it. */
  public static final class Interval implements ITypeConverter<java.time.Duration> {
    @Override
    public java.time.Duration convert(String value) {
      return new StreamCommand.DurationConverter().convert(value);
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

  /** A model name ({@code churn}, {@code loan-activity}) or {@code all}. */
  static final class ModelName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String name = value.trim();
      if (!name.equals("all") && SafaricomModels.byName(name).isEmpty()) {
        throw new TypeConversionException("unknown model '" + value + "' (known: "
            + String.join(", ", SafaricomModels.names()) + ", all)");
      }
      return name;
    }
  }

  /** An algorithm's id or alias, e.g. {@code xgboost}. */
  static final class AlgorithmName implements ITypeConverter<Algorithm> {
    @Override
    public Algorithm convert(String value) {
      try {
        return Algorithm.parse(value);
      } catch (InvalidInputException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * Applies one option's value to a builder; a value the builder refuses ({@link IllegalArgumentException}) is a usage
   * error naming the option.
   */
  static void apply(CommandSpec spec, String option, Runnable apply) {
    try {
      apply.run();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '" + option + "': " + e.getMessage());
    }
  }
}
