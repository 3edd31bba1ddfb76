package dev.takwimu.core.internal;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.EtlStage;
import dev.takwimu.core.QualityRule;
import dev.takwimu.core.Schema;
import dev.takwimu.core.StageContext;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** A stage built with {@link EtlStage#builder(String)}. */
public record DefinedStage(
    String name,
    DatasetId output,
    Map<String, DatasetId> inputs,
    Map<String, Schema> optionalInputs,
    Function<StageContext, WriteSource> source,
    List<QualityRule> rules,
    List<String> select,
    WriteOptions writeOptions) implements EtlStage {

  public DefinedStage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(output, "output of stage " + name);
    Objects.requireNonNull(source, "sql or java source of stage " + name);
    inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    optionalInputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(optionalInputs));
    if (!inputs.keySet().containsAll(optionalInputs.keySet())) {
      throw new IllegalArgumentException(
          "Optional inputs of stage " + name + " must be inputs: " + optionalInputs.keySet());
    }
    rules = List.copyOf(rules);
    select = List.copyOf(select);
  }

  @Override
  public WriteSource candidates(StageContext context) {
    return source.apply(context);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Collects a stage definition; {@code sql(...)} or {@code java(...)} supplies the candidate rows. */
  public static final class Builder {
    private final String name;
    private DatasetId output;
    private final Map<String, DatasetId> inputs = new LinkedHashMap<>();
    private final Map<String, Schema> optionalInputs = new LinkedHashMap<>();
    private Function<StageContext, WriteSource> source;
    private final List<QualityRule> rules = new ArrayList<>();
    private final List<String> select = new ArrayList<>();
    private WriteOptions writeOptions = WriteOptions.overwrite();

    private Builder(String name) {
      this.name = name;
    }

    public Builder input(String alias, DatasetId dataset) {
      inputs.put(alias, dataset);
      optionalInputs.remove(alias);
      return this;
    }

    /**
     * An input that may not exist yet: then it reads as no rows with exactly {@code columns}; when it exists it is read
     * as it is and must have those columns. Its version is pinned and reported like any input's.
     */
    public Builder optionalInput(String alias, DatasetId dataset, Schema columns) {
      inputs.put(alias, dataset);
      optionalInputs.put(alias, java.util.Objects.requireNonNull(columns, "columns of optional input " + alias));
      return this;
    }

    public Builder output(DatasetId dataset) {
      this.output = dataset;
      return this;
    }

    /** Candidate rows from a portable SQL query over the inputs; {@code ?} placeholders take {@code params}. */
    public Builder sql(String sql, Object... params) {
      List<Object> bound = List.of(params);
      Map<String, DatasetId> frozen = inputs;
      this.source = context -> new WriteSource.Query(sql, frozen, bound);
      return this;
    }

    /** Candidate rows computed by Java code, e.g. from rows it streams out of the lake. */
    public Builder java(Function<StageContext, WriteSource.Rows> code) {
      this.source = code::apply;
      return this;
    }

    public Builder rule(QualityRule rule) {
      rules.add(rule);
      return this;
    }

    public Builder select(String... expressions) {
      select.addAll(List.of(expressions));
      return this;
    }

    public Builder writeOptions(WriteOptions options) {
      this.writeOptions = options;
      return this;
    }

    public DefinedStage build() {
      return new DefinedStage(name, output, inputs, optionalInputs, source, rules, select, writeOptions);
    }
  }
}
