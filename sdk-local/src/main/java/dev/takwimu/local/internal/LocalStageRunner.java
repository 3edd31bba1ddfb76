package dev.takwimu.local.internal;

import dev.takwimu.core.Check;
import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.EtlStage;
import dev.takwimu.core.QualityRule;
import dev.takwimu.core.Row;
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
import dev.takwimu.engine.duckdb.DuckDb;
import dev.takwimu.engine.duckdb.DuckDbDialect;
import dev.takwimu.engine.duckdb.RowsTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a stage inside DuckDB: the candidate rows and every row-local rule's verdict are computed in one pass into a
 * temporary table (which spills to disk when large), unique keys into narrow tables of offending row ids, then the kept
 * rows and the quarantined rows are each written with one COPY.
 */
public final class LocalStageRunner implements StageRunner {
  private static final String CHECKED = "tk_checked";
  /** The verdict of the row-local quarantine rules; working columns are reserved names (ReservedNames). */
  private static final String VALID = "_tk_valid";
  /** A row number added only when the rows have their own column named rowid, which hides DuckDB's. */
  private static final String ROW = "_tk_row";
  private final DuckDb duck;
  private final LocalLakeStore lake;

  public LocalStageRunner(DuckDb duck, LocalLakeStore lake) {
    this.duck = duck;
    this.lake = lake;
  }

  @Override
  public StageReport run(EtlStage stage) {
    long started = System.nanoTime();
    duck.lock().lock();
    RowsTable rowsTable = null;
    try {
      LocalLakeStore.BoundInputs bound = lake.bindStageInputs(stage.name(), stage.inputs(), stage.optionalInputs());
      Map<DatasetId, Long> inputRows = new LinkedHashMap<>(bound.rows());
      Map<DatasetId, String> references = bindReferences(stage);
      WriteSource source = stage.candidates(() -> lake);
      String candidates;
      List<Object> params;
      if (source instanceof WriteSource.Query query) {
        Map<String, DatasetId> unbound = new LinkedHashMap<>(query.inputs());
        unbound.entrySet().removeAll(stage.inputs().entrySet());
        inputRows.putAll(lake.bindInputs(unbound));
        candidates = query.sql();
        params = query.params();
      } else {
        rowsTable = RowsTable.load(duck, (WriteSource.Rows) source);
        candidates = "SELECT * FROM " + rowsTable.name();
        params = List.of();
      }
      Outcome outcome = stage.rules().isEmpty()
          ? writeWithoutRules(stage, candidates, params, bound.versions())
          : writeChecked(stage, candidates, params, references, bound.versions());
      return new StageReport(stage.name(), stage.output(), outcome.version, inputRows, outcome.rowsIn,
          outcome.rowsOut, outcome.rowsQuarantined, outcome.quarantinedByRule, outcome.warnings,
          Duration.ofNanos(System.nanoTime() - started));
    } finally {
      try {
        duck.execute("DROP TABLE IF EXISTS " + CHECKED);
        for (int i = 0; i < stage.rules().size(); i++) {
          duck.execute("DROP TABLE IF EXISTS " + duplicates(i));
          duck.execute("DROP TABLE IF EXISTS " + repeatedKeys(i));
        }
        if (rowsTable != null) {
          rowsTable.close();
        }
      } finally {
        duck.lock().unlock();
      }
    }
  }

  private record Outcome(long version, long rowsIn, long rowsOut, long rowsQuarantined,
      Map<String, Long> quarantinedByRule, Map<String, Long> warnings) {}

  private Map<DatasetId, String> bindReferences(EtlStage stage) {
    Map<DatasetId, String> aliases = new LinkedHashMap<>();
    stage.inputs().forEach((alias, id) -> aliases.putIfAbsent(id, alias));
    Map<String, DatasetId> extra = new LinkedHashMap<>();
    for (QualityRule rule : stage.rules()) {
      if (rule.check() instanceof Check.ReferenceExists reference && !aliases.containsKey(reference.reference())) {
        String alias = "tk_ref_" + aliases.size();
        aliases.put(reference.reference(), alias);
        extra.put(alias, reference.reference());
      }
    }
    lake.bindInputs(extra);
    return aliases;
  }

  private Outcome writeWithoutRules(EtlStage stage, String candidates, List<Object> params,
      Map<DatasetId, Long> versions) {
    String sql = stage.select().isEmpty() ? candidates
        : "SELECT " + String.join(", ", stage.select()) + " FROM (" + candidates + ") tk_candidates";
    LocalLakeStore.WriteResult result = lake.writeQuery(stage.output(), sql, params, withProvenance(stage, versions));
    return new Outcome(result.info().version(), result.rowsWritten(), result.rowsWritten(), 0, Map.of(), Map.of());
  }

  private Outcome writeChecked(EtlStage stage, String candidates, List<Object> params,
      Map<DatasetId, String> references, Map<DatasetId, Long> versions) {
    Schema schema = duck.describe(candidates, params);
    ReservedNames.checkCandidates(stage.name(), schema.names());
    String rowId = schema.names().stream().anyMatch("rowid"::equalsIgnoreCase) ? ROW : "rowid";
    Map<String, DataType> types = new LinkedHashMap<>();
    schema.columns().forEach(c -> types.put(c.name(), c.type()));
    List<QualityRule> rules = stage.rules();
    ParsedValues parsed = new ParsedValues(rules, types);

    // Row-local rules become boolean columns of one temporary table; a unique key becomes a narrow table of the
    // row ids that break it, so the window sorts a few columns instead of whole rows.
    List<String> flags = new ArrayList<>();
    List<Object> flagParams = new ArrayList<>();
    List<String> violated = new ArrayList<>();
    List<String> rowLocalQuarantine = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      QualityRule rule = rules.get(i);
      if (rule.check() instanceof Check.UniqueKey) {
        violated.add("(" + rowId + " IN (SELECT _tk_rid FROM " + duplicates(i) + "))");
        continue;
      }
      RuleSql.Fragment passes = RuleSql.passes(rule, types, references::get, DuckDbDialect.INSTANCE);
      String sql = rule.check() instanceof Check.ColumnCheck ? parsed.inRule(passes.sql()) : passes.sql();
      flags.add("CASE WHEN " + sql + " THEN false ELSE true END AS " + flag(i));
      flagParams.addAll(passes.params());
      violated.add(flag(i));
      if (rule.severity() == Severity.QUARANTINE) {
        rowLocalQuarantine.add(flag(i));
      }
    }
    String valid = rowLocalQuarantine.isEmpty() ? "true" : "NOT (" + String.join(" OR ", rowLocalQuarantine) + ")";
    // each parse a rule needs is computed once, in an inner projection, and kept for the select list
    String withParsed = parsed.isEmpty() ? "(" + candidates + ") tk_candidates"
        : "(SELECT tk_unparsed.*, " + String.join(", ", parsed.columns()) + " FROM (" + candidates
            + ") tk_unparsed) tk_candidates";
    String flagged = "SELECT tk_candidates.*" + (flags.isEmpty() ? "" : ", " + String.join(", ", flags)) + " FROM " + withParsed;
    List<Object> allParams = new ArrayList<>(flagParams);
    allParams.addAll(params);
    duck.execute("CREATE OR REPLACE TEMP TABLE " + CHECKED + " AS SELECT tk_flagged.*, " + valid + " AS " + VALID
        + (rowId.equals(ROW) ? ", row_number() OVER () AS " + ROW : "") + " FROM (" + flagged + ") tk_flagged",
        allParams);
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).check() instanceof Check.UniqueKey) {
        findDuplicates(i, rules.get(i), types, rowId);
      }
    }
    List<String> quarantineFlags = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).severity() == Severity.QUARANTINE) {
        quarantineFlags.add(violated.get(i));
      }
    }
    String rejected = quarantineFlags.isEmpty() ? "false" : "(" + String.join(" OR ", quarantineFlags) + ")";

    Row counts = duck.query("SELECT count(*), coalesce(count_if(" + rejected + "), 0)"
        + java.util.stream.IntStream.range(0, rules.size())
            .mapToObj(i -> ", coalesce(count_if(" + violated.get(i) + "), 0)")
            .collect(Collectors.joining()) + " FROM " + CHECKED, List.of()).get(0);
    RuleCounts found = RuleCounts.of(stage.name(), rules, counts::get);

    List<String> candidateColumns = schema.columns().stream().map(Column::name).map(LocalLakeStore::quote).toList();
    String kept = "SELECT " + (stage.select().isEmpty() ? String.join(", ", candidateColumns)
        : stage.select().stream().map(parsed::inSelect).collect(Collectors.joining(", ")))
        + " FROM " + CHECKED + " WHERE NOT " + rejected;
    List<LocalLakeStore.PreparedWrite> writes = new ArrayList<>();
    try {
      writes.add(lake.prepare(stage.output(), kept, List.of(), withProvenance(stage, versions), current -> false));
      if (rules.stream().anyMatch(r -> r.severity() == Severity.QUARANTINE)) {
        writes.add(prepareQuarantine(stage, rules, violated, candidateColumns, rejected));
      }
      // output and quarantine become visible together: a reader never sees one stage run's output beside another's
      LocalLakeStore.WriteResult output = lake.commit(writes).get(0);
      return new Outcome(output.info().version(), found.rowsIn(), output.rowsWritten(), found.rowsQuarantined(),
          found.quarantinedByRule(), found.warnings());
    } finally {
      writes.forEach(LocalLakeStore.PreparedWrite::close);
    }
  }

  private LocalLakeStore.PreparedWrite prepareQuarantine(EtlStage stage, List<QualityRule> rules, List<String> violated,
      List<String> candidateColumns, String rejected) {
    List<String> reasons = new ArrayList<>();
    List<Object> reasonParams = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).severity() == Severity.QUARANTINE) {
        reasons.add("CASE WHEN " + violated.get(i) + " THEN ? END");
        reasonParams.add(rules.get(i).name());
      }
    }
    reasonParams.add(stage.name());
    String rejectedRows = "SELECT " + String.join(", ", candidateColumns) + ", concat_ws('; ', "
        + String.join(", ", reasons) + ") AS _rejected_by, ? AS _stage FROM " + CHECKED + " WHERE " + rejected;
    WriteMode mode = stage.writeOptions().mode() == WriteMode.APPEND ? WriteMode.APPEND : WriteMode.OVERWRITE;
    return lake.prepare(stage.quarantine(), rejectedRows, reasonParams,
        new WriteOptions(mode, List.of(), Map.of("stage", stage.name(), "source_of", stage.output().toString())),
        current -> false);
  }

  /**
   * Fills {@code tk_duplicates_i} with the row ids of valid rows that are not the first of their key. Keys seen more
   * than once are found by a GROUP BY first (which spills to disk), so the window sorts only the rows of those keys:
   * a window over every row does not spill and ran out of memory at 20 million rows with a 1 GB limit.
   */
  private void findDuplicates(int rule, QualityRule uniqueKey, Map<String, DataType> types, String rowId) {
    List<String> keys = RuleSql.uniqueKeyExpressions(uniqueKey, types, DuckDbDialect.INSTANCE);
    String order = RuleSql.uniqueKeyOrder(uniqueKey, types, DuckDbDialect.INSTANCE);
    List<String> keyColumns = new ArrayList<>();
    List<String> matches = new ArrayList<>();
    for (int k = 0; k < keys.size(); k++) {
      keyColumns.add(keys.get(k) + " AS _tk_k" + k);
      matches.add("tk_keys._tk_k" + k + " IS NOT DISTINCT FROM " + keys.get(k));
    }
    duck.execute("CREATE OR REPLACE TEMP TABLE " + repeatedKeys(rule) + " AS SELECT " + String.join(", ", keyColumns)
        + " FROM " + CHECKED + " WHERE " + VALID + " GROUP BY ALL HAVING count(*) > 1");
    // the row's own columns resolve unqualified: the repeated-keys table only has _tk_k0, _tk_k1, ...
    duck.execute("CREATE OR REPLACE TEMP TABLE " + duplicates(rule) + " AS SELECT _tk_rid FROM (SELECT tk_rows."
        + rowId + " AS _tk_rid, row_number() OVER (PARTITION BY " + String.join(", ", keys)
        + (order.isEmpty() ? "" : " ORDER BY " + order) + ") AS _tk_n FROM " + CHECKED + " tk_rows JOIN "
        + repeatedKeys(rule) + " tk_keys ON " + String.join(" AND ", matches) + " WHERE " + VALID + ") tk_ranked"
        + " WHERE _tk_n > 1");
  }

  /** The stage's properties, and its inputs at the versions this run read (bound before any statement ran). */
  private WriteOptions withProvenance(EtlStage stage, Map<DatasetId, Long> versions) {
    Map<String, String> properties = new LinkedHashMap<>(stage.writeOptions().properties());
    properties.put("stage", stage.name());
    properties.put("inputs", StageInputs.provenance(stage.inputs().values(), versions));
    return stage.writeOptions().withProperties(properties);
  }

  private static String flag(int rule) {
    return "_tk_v" + rule;
  }

  private static String duplicates(int rule) {
    return "tk_duplicates_" + rule;
  }

  private static String repeatedKeys(int rule) {
    return "tk_repeated_keys_" + rule;
  }
}
