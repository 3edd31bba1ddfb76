package dev.takwimu.aws.internal;

import dev.takwimu.aws.AwsSettings;
import dev.takwimu.aws.S3Location;
import dev.takwimu.core.Check;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.EtlStage;
import dev.takwimu.core.QualityRule;
import dev.takwimu.core.Schema;
import dev.takwimu.core.Severity;
import dev.takwimu.core.StageReport;
import dev.takwimu.core.StageRunner;
import dev.takwimu.core.WriteMode;
import dev.takwimu.core.WriteOptions;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.spi.ReservedNames;
import dev.takwimu.core.spi.RuleCounts;
import dev.takwimu.core.spi.RuleSql;
import dev.takwimu.core.spi.StageInputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs a stage as Athena statements. One CTAS computes, for every candidate row, each rule's verdict (row-local rules
 * as boolean columns, unique keys as a window over the rows that pass every other quarantine rule) into a scratch
 * Iceberg table, so the inputs are scanned once and the counts, the kept rows and the quarantined rows all come from
 * the same verdicts. The output and the quarantine are then each one commit, and the scratch table is always dropped.
 */
public final class AwsStageRunner implements StageRunner {
  /** The verdict of the row-local quarantine rules; working columns are reserved names (ReservedNames). */
  private static final String VALID = "_tk_valid";
  private final AwsSettings settings;
  private final AwsLakeStore lake;
  private final S3Objects s3;

  public AwsStageRunner(AwsSettings settings, AwsLakeStore lake, S3Objects s3) {
    this.settings = settings;
    this.lake = lake;
    this.s3 = s3;
  }

  @Override
  public StageReport run(EtlStage stage) {
    long started = System.nanoTime();
    Cost cost = new Cost();
    Map<String, DatasetId> allInputs = new LinkedHashMap<>(stage.inputs());
    Map<DatasetId, String> references = referenceAliases(stage, allInputs);
    WriteSource source = stage.candidates(() -> lake);
    AwsLakeStore.StagedTable staged = null;
    String candidates;
    List<Object> params;
    if (source instanceof WriteSource.Query query) {
      query.inputs().forEach(allInputs::putIfAbsent);
      candidates = query.sql();
      params = query.params();
    } else {
      staged = lake.stage((WriteSource.Rows) source, stage.output().zone());
      candidates = staged.select();
      params = List.of();
    }
    try {
      AwsLakeStore.BoundInputs inputs = lake.bind(stage.name(), allInputs, stage.optionalInputs());
      Map<DatasetId, Long> inputRows = new LinkedHashMap<>();
      for (DatasetId id : stage.inputs().values()) {
        // a missing optional input has no table: it was read as no rows
        IcebergTable table = inputs.tables().get(id);
        inputRows.put(id, table == null ? 0L : lake.rows(id, table));
      }
      Outcome outcome = stage.rules().isEmpty()
          ? writeWithoutRules(stage, inputs, candidates, params, cost)
          : writeChecked(stage, inputs, candidates, params, references, cost);
      return new StageReport(stage.name(), stage.output(), outcome.version, inputRows, outcome.rowsIn,
          outcome.rowsOut, outcome.rowsQuarantined, outcome.quarantinedByRule, outcome.warnings,
          Duration.ofNanos(System.nanoTime() - started), cost.bytes);
    } finally {
      if (staged != null) {
        staged.close();
      }
    }
  }

  /** Data scanned by the statements of one run. */
  private static final class Cost {
    long bytes;

    AthenaResult add(AthenaResult result) {
      bytes += result.stats().bytesScanned();
      return result;
    }
  }

  private record Outcome(long version, long rowsIn, long rowsOut, long rowsQuarantined,
      Map<String, Long> quarantinedByRule, Map<String, Long> warnings) {}

  private static Map<DatasetId, String> referenceAliases(EtlStage stage, Map<String, DatasetId> allInputs) {
    Map<DatasetId, String> aliases = new LinkedHashMap<>();
    stage.inputs().forEach((alias, id) -> aliases.putIfAbsent(id, alias));
    for (QualityRule rule : stage.rules()) {
      if (rule.check() instanceof Check.ReferenceExists reference && !aliases.containsKey(reference.reference())) {
        String alias = "tk_ref_" + aliases.size();
        aliases.put(reference.reference(), alias);
        allInputs.put(alias, reference.reference());
      }
    }
    return aliases;
  }

  private Outcome writeWithoutRules(EtlStage stage, AwsLakeStore.BoundInputs inputs, String candidates,
      List<Object> params, Cost cost) {
    String sql = stage.select().isEmpty() ? candidates
        : "SELECT " + String.join(", ", stage.select()) + " FROM (" + candidates + ") tk_candidates";
    String expanded = TrinoDialect.INSTANCE.expand(inputs.wrap(sql));
    long rows = count(expanded, params, stage.output(), cost);
    var info = lake.commit(stage.output(), expanded, params, null, withProvenance(stage, inputs));
    return new Outcome(info.version(), rows, rows, 0, Map.of(), Map.of());
  }

  private long count(String sql, List<Object> params, DatasetId output, Cost cost) {
    AthenaResult result = cost.add(lake.athena().execute(AthenaStatement.query(
        "SELECT count(*) FROM (" + sql + ") tk_counted", params, lake.database(output.zone()))));
    return ((Number) result.rows().get(0).get(0)).longValue();
  }

  private Outcome writeChecked(EtlStage stage, AwsLakeStore.BoundInputs inputs, String candidates,
      List<Object> params, Map<DatasetId, String> references, Cost cost) {
    String database = lake.database(stage.output().zone());
    lake.ensureDatabase(stage.output().zone());
    Schema schema = lake.schemaOf(TrinoDialect.INSTANCE.expand(inputs.wrap(candidates)), params, database);
    ReservedNames.checkCandidates(stage.name(), schema.names());
    Map<String, DataType> types = new LinkedHashMap<>();
    schema.columns().forEach(c -> types.put(c.name(), c.type()));
    List<QualityRule> rules = stage.rules();

    List<String> flags = new ArrayList<>();
    List<String> rowLocalQuarantine = new ArrayList<>();
    List<String> windows = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      QualityRule rule = rules.get(i);
      if (rule.check() instanceof Check.UniqueKey) {
        List<String> keys = RuleSql.uniqueKeyExpressions(rule, types, TrinoDialect.INSTANCE);
        String order = RuleSql.uniqueKeyOrder(rule, types, TrinoDialect.INSTANCE);
        // numbered among valid rows only: an invalid row does not claim its key
        windows.add("(" + VALID + " AND row_number() OVER (PARTITION BY " + String.join(", ", keys) + ", " + VALID
            + (order.isEmpty() ? "" : " ORDER BY " + order) + ") > 1) AS " + flag(i));
        continue;
      }
      RuleSql.Fragment passes = RuleSql.passes(rule, types, references::get, TrinoDialect.INSTANCE);
      // a rule's values sit in the select list, where Athena takes no execution parameter: written in as literals
      flags.add("(CASE WHEN " + AthenaExecutor.inline(passes.sql(), passes.params()) + " THEN false ELSE true END) AS "
          + flag(i));
      if (rule.severity() == Severity.QUARANTINE) {
        rowLocalQuarantine.add(flag(i));
      }
    }
    String valid = rowLocalQuarantine.isEmpty() ? "true" : "NOT (" + String.join(" OR ", rowLocalQuarantine) + ")";
    String flagged = "SELECT tk_candidates.*" + (flags.isEmpty() ? "" : ", " + String.join(", ", flags))
        + " FROM (" + candidates + ") tk_candidates";
    String checked = "SELECT tk_valid_rows.*" + (windows.isEmpty() ? "" : ", " + String.join(", ", windows))
        + " FROM (SELECT tk_flagged.*, " + valid + " AS " + VALID + " FROM (" + flagged + ") tk_flagged) tk_valid_rows";
    List<Object> checkedParams = new ArrayList<>(params);

    String scratchName = AwsLakeStore.SCRATCH_PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String scratch = AwsLakeStore.quote(database) + "." + AwsLakeStore.quote(scratchName);
    S3Location scratchLocation = settings.work().resolve("scratch/" + scratchName + "/");
    try {
      // candidate columns cast to the lake's types: Iceberg has no bounded varchar and keeps microseconds
      List<String> scratchColumns = new ArrayList<>();
      for (Column column : schema.columns()) {
        scratchColumns.add("CAST(" + AwsLakeStore.quote(column.name()) + " AS " + AwsLakeStore.sqlType(column.type())
            + ") AS " + AwsLakeStore.quote(column.name()));
      }
      for (int i = 0; i < rules.size(); i++) {
        scratchColumns.add(flag(i));
      }
      scratchColumns.add(VALID);
      cost.add(lake.athena().execute(AthenaStatement.write("CREATE TABLE " + scratch + " WITH (table_type = 'ICEBERG',"
          + " is_external = false, location = '" + scratchLocation.uri() + "', format = 'PARQUET') AS SELECT "
          + String.join(", ", scratchColumns) + " FROM (" + TrinoDialect.INSTANCE.expand(inputs.wrap(checked))
          + ") tk_checked", checkedParams, database, database + "." + scratchName)));

      List<String> quarantineFlags = new ArrayList<>();
      for (int i = 0; i < rules.size(); i++) {
        if (rules.get(i).severity() == Severity.QUARANTINE) {
          quarantineFlags.add(flag(i));
        }
      }
      String rejected = quarantineFlags.isEmpty() ? "false" : "(" + String.join(" OR ", quarantineFlags) + ")";
      StringBuilder countSql = new StringBuilder("SELECT count(*), count_if(").append(rejected).append(")");
      for (int i = 0; i < rules.size(); i++) {
        countSql.append(", count_if(").append(flag(i)).append(")");
      }
      List<Object> counts = cost.add(lake.athena().execute(AthenaStatement.query(countSql + " FROM " + scratch,
          List.of(), database))).rows().get(0);
      RuleCounts found = RuleCounts.of(stage.name(), rules, counts::get);

      List<String> candidateColumns = schema.columns().stream().map(Column::name).map(AwsLakeStore::quote).toList();
      String kept = "SELECT " + (stage.select().isEmpty() ? String.join(", ", candidateColumns)
          : String.join(", ", stage.select())) + " FROM " + scratch + " WHERE NOT " + rejected;
      var output = lake.commit(stage.output(), TrinoDialect.INSTANCE.expand(kept), List.of(), null,
          withProvenance(stage, inputs));

      if (rules.stream().anyMatch(r -> r.severity() == Severity.QUARANTINE)) {
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
          if (rules.get(i).severity() == Severity.QUARANTINE) {
            reasons.add("CASE WHEN " + flag(i) + " THEN " + AthenaExecutor.literal(rules.get(i).name()) + " END");
          }
        }
        String rejectedRows = "SELECT " + String.join(", ", candidateColumns) + ", concat_ws('; ', "
            + String.join(", ", reasons) + ") AS _rejected_by, " + AthenaExecutor.literal(stage.name())
            + " AS _stage FROM " + scratch + " WHERE " + rejected;
        WriteMode mode = stage.writeOptions().mode() == WriteMode.APPEND ? WriteMode.APPEND : WriteMode.OVERWRITE;
        lake.commit(stage.quarantine(), rejectedRows, List.of(), null,
            new WriteOptions(mode, List.of(), Map.of("stage", stage.name(), "source_of", stage.output().toString())));
      }
      return new Outcome(output.version(), found.rowsIn(), found.rowsIn() - found.rowsQuarantined(),
          found.rowsQuarantined(), found.quarantinedByRule(), found.warnings());
    } finally {
      try {
        lake.athena().execute(AthenaStatement.write("DROP TABLE IF EXISTS "
            + AwsLakeStore.ddlQuote(database) + "." + AwsLakeStore.ddlQuote(scratchName), List.of(), database,
            database + "." + scratchName));
      } finally {
        s3.deletePrefix(scratchLocation);
      }
    }
  }

  private WriteOptions withProvenance(EtlStage stage, AwsLakeStore.BoundInputs inputs) {
    Map<String, String> properties = new LinkedHashMap<>(stage.writeOptions().properties());
    properties.put("stage", stage.name());
    Map<DatasetId, Long> versions = new LinkedHashMap<>();
    for (DatasetId id : stage.inputs().values()) {
      IcebergTable table = inputs.tables().get(id);
      if (table != null) {
        versions.putIfAbsent(id, lake.version(id, table));
      }
    }
    properties.put("inputs", StageInputs.provenance(stage.inputs().values(), versions));
    return stage.writeOptions().withProperties(properties);
  }

  private static String flag(int rule) {
    return "_tk_v" + rule;
  }
}
