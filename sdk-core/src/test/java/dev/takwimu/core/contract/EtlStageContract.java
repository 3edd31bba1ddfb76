package dev.takwimu.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.takwimu.core.Column;
import dev.takwimu.core.DataType;
import dev.takwimu.core.DatasetId;
import dev.takwimu.core.EtlStage;
import dev.takwimu.core.InvalidInputException;
import dev.takwimu.core.NoSuchDatasetException;
import dev.takwimu.core.Row;
import dev.takwimu.core.Rules;
import dev.takwimu.core.Schema;
import dev.takwimu.core.StageFailedException;
import dev.takwimu.core.StageReport;
import dev.takwimu.core.WriteSource;
import dev.takwimu.core.Zone;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What every {@link dev.takwimu.core.StageRunner} must do with an {@link EtlStage}: rules, quarantine, commits. */
public abstract class EtlStageContract extends BackendContractSupport {
  protected static final DatasetId PEOPLE = DatasetId.of(Zone.RAW, "people");
  protected static final DatasetId TEAMS = DatasetId.of(Zone.CURATED, "teams");
  protected static final DatasetId MEMBERS = DatasetId.of(Zone.CURATED, "members");
  protected static final DatasetId MEMBERS_QUARANTINE = DatasetId.of(Zone.QUARANTINE, "members");

  private static final List<String> COLUMNS = List.of("seq", "id", "joined", "seen_at", "score", "vip", "left_on", "age",
      "pct", "status", "grade", "code", "team");
  private static final Schema PEOPLE_SCHEMA = new Schema(COLUMNS.stream()
      .map(c -> Column.of(c, c.equals("seq") ? DataType.LONG : DataType.STRING)).toList());

  /** A person that passes every rule of {@link #everyRuleKind()}, with some values replaced. */
  private static List<Object> person(long seq, String id, String... overrides) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("seq", seq);
    values.put("id", id);
    values.put("joined", "2024-01-15");
    values.put("seen_at", "2024-01-15 10:00:00");
    values.put("score", "50.5");
    values.put("vip", "true");
    values.put("left_on", "");
    values.put("age", "30");
    values.put("pct", "50");
    values.put("status", "Active");
    values.put("grade", "Gold");
    values.put("code", "ABC-12");
    values.put("team", "T1");
    for (int i = 0; i < overrides.length; i += 2) {
      if (!values.containsKey(overrides[i])) {
        throw new IllegalArgumentException("No column " + overrides[i]);
      }
      values.put(overrides[i], overrides[i + 1]);
    }
    return new ArrayList<>(values.values());
  }

  private void givenPeople(List<?>... people) {
    append(PEOPLE, PEOPLE_SCHEMA, people);
  }

  private void givenTeams() {
    overwrite(TEAMS, Schema.of(Column.of("team_id", DataType.STRING)), row("T1"), row("T2"));
  }

  /** One stage using every kind of rule; the reference dataset is deliberately not declared as an input. */
  private static EtlStage everyRuleKind() {
    return EtlStage.builder("curate-members")
        .input("people", PEOPLE)
        .output(MEMBERS)
        .sql("SELECT * FROM people")
        .rule(Rules.notEmpty("id"))
        .rule(Rules.parsesAs("joined", DataType.DATE))
        .rule(Rules.parsesAs("seen_at", DataType.TIMESTAMP))
        .rule(Rules.parsesAs("score", DataType.DOUBLE))
        .rule(Rules.parsesAs("vip", DataType.BOOLEAN))
        .rule(Rules.parsesAsOrEmpty("left_on", DataType.DATE))
        .rule(Rules.greaterThan("score", 0))
        .rule(Rules.atLeastOrEmpty("age", 18))
        .rule(Rules.parsesAsOrEmpty("age", DataType.LONG))
        .rule(Rules.between("pct", 0, 100))
        .rule(Rules.acceptedValues("status", List.of("Active", "Inactive")))
        .rule(Rules.acceptedValuesIgnoreCase("grade", List.of("gold", "silver")).named("accepted_grade(grade)"))
        .rule(Rules.matches("code", "[A-Z]{3}-[0-9]{2}"))
        .rule(Rules.referenceExists("team", TEAMS, "team_id"))
        .rule(Rules.uniqueKey(List.of("id"), List.of("seq")))
        .rule(Rules.predicate("score_below_1000", "tk_double(score) < 1000"))
        .select("seq", "trim(id) AS id", "tk_date(joined) AS joined", "tk_double(score) AS score",
            "tk_boolean(vip) AS vip", "lower(trim(grade)) AS grade")
        .build();
  }

  @Test
  void everyRuleKindSortsRowsIntoOutputAndQuarantine() {
    givenTeams();
    givenPeople(
        person(1, "P01"),
        person(2, "P02", "vip", "NO", "left_on", "2024-06-01", "age", "", "grade", " SILVER ",
            "seen_at", "2024-01-15T10:00:00", "status", " Active ", "score", "1e2"),
        person(3, "  "),
        person(4, "P04", "joined", "2024-02-30"),
        person(5, "P05x", "seen_at", "yesterday"),
        person(6, "P06", "vip", "maybe"),
        person(7, "P07", "left_on", "soon"),
        person(8, "P08", "score", "0"),
        person(9, "P09", "age", "17"),
        person(10, "P10", "pct", "100.5"),
        person(11, "P11", "status", "active"),
        person(12, "P12", "grade", "bronze"),
        person(13, "P13", "code", "abc-12"),
        person(14, "P14", "team", "T9"),
        person(15, "P15", "score", "5000"),
        person(16, "P16", "score", "abc"),
        person(17, "P17", "joined", "x", "status", "Zombie"),
        person(18, "P01"),
        // the key P05: its first occurrence by seq is invalid, so the second claims the key and the third is a duplicate
        person(21, " P05 "),
        person(20, "P05"),
        person(19, "P05", "age", "5"),
        person(22, "P22", "age", "30.5"));

    StageReport report = backend.stages().run(everyRuleKind());

    assertThat(report.stage()).isEqualTo("curate-members");
    assertThat(report.output()).isEqualTo(MEMBERS);
    assertThat(report.version()).isEqualTo(1);
    assertThat(report.inputRows()).containsEntry(PEOPLE, 22L);
    assertThat(report.rowsIn()).isEqualTo(22);
    assertThat(report.rowsOut()).isEqualTo(3);
    assertThat(report.rowsQuarantined()).isEqualTo(19);
    assertThat(report.rowsIn()).isEqualTo(report.rowsOut() + report.rowsQuarantined());
    assertThat(report.warnings()).isEmpty();
    assertThat(report.quarantinedByRule()).containsExactly(
        entry("not_empty(id)", 1L),
        entry("valid_date(joined)", 2L),
        entry("valid_timestamp(seen_at)", 1L),
        entry("valid_double(score)", 1L),
        entry("valid_boolean(vip)", 1L),
        entry("valid_date_or_empty(left_on)", 1L),
        entry("score > 0", 2L),
        entry("age >= 18 or empty", 2L),
        entry("valid_long_or_empty(age)", 1L),
        entry("0 <= pct <= 100", 1L),
        entry("accepted_values(status)", 2L),
        entry("accepted_grade(grade)", 1L),
        entry("pattern(code)", 1L),
        entry("reference(team -> teams.team_id)", 1L),
        entry("unique(id)", 2L),
        entry("score_below_1000", 2L));

    assertThat(lake().describe(MEMBERS).orElseThrow().schema().names())
        .containsExactly("seq", "id", "joined", "score", "vip", "grade");
    assertThat(rowsOf(MEMBERS, "seq")).containsExactly(
        mapOf("seq", 1L, "id", "P01", "joined", LocalDate.parse("2024-01-15"), "score", 50.5,
            "vip", true, "grade", "gold"),
        mapOf("seq", 2L, "id", "P02", "joined", LocalDate.parse("2024-01-15"), "score", 100.0,
            "vip", false, "grade", "silver"),
        mapOf("seq", 20L, "id", "P05", "joined", LocalDate.parse("2024-01-15"), "score", 50.5,
            "vip", true, "grade", "gold"));

    DatasetId quarantine = everyRuleKind().quarantine();
    assertThat(quarantine).isEqualTo(MEMBERS_QUARANTINE);
    Map<Long, String> rejectedBy = rejectedBySeq(quarantine);
    assertThat(rejectedBy).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        entry(3L, "not_empty(id)"),
        entry(4L, "valid_date(joined)"),
        entry(5L, "valid_timestamp(seen_at)"),
        entry(6L, "valid_boolean(vip)"),
        entry(7L, "valid_date_or_empty(left_on)"),
        entry(8L, "score > 0"),
        entry(9L, "age >= 18 or empty"),
        entry(10L, "0 <= pct <= 100"),
        entry(11L, "accepted_values(status)"),
        entry(12L, "accepted_grade(grade)"),
        entry(13L, "pattern(code)"),
        entry(14L, "reference(team -> teams.team_id)"),
        entry(15L, "score_below_1000"),
        entry(16L, "valid_double(score); score > 0; score_below_1000"),
        entry(17L, "valid_date(joined); accepted_values(status)"),
        entry(18L, "unique(id)"),
        entry(19L, "age >= 18 or empty"),
        entry(21L, "unique(id)"),
        entry(22L, "valid_long_or_empty(age)")));

    List<Map<String, Object>> quarantined = rowsOf(quarantine, "seq");
    assertThat(quarantined).allSatisfy(r -> assertThat(r).containsEntry("_stage", "curate-members"));
    Map<String, Object> duplicate = quarantined.stream().filter(r -> r.get("seq").equals(21L)).findFirst().orElseThrow();
    Map<String, Object> expected = new LinkedHashMap<>();
    for (int i = 0; i < COLUMNS.size(); i++) {
      expected.put(COLUMNS.get(i), person(21, " P05 ").get(i));
    }
    expected.put("_rejected_by", "unique(id)");
    expected.put("_stage", "curate-members");
    assertThat(duplicate).isEqualTo(expected);
    assertThat(quarantined.stream().filter(r -> r.get("seq").equals(8L)).findFirst().orElseThrow())
        .containsEntry("score", "0").containsEntry("id", "P08");
  }

  private Map<Long, String> rejectedBySeq(DatasetId quarantine) {
    try (Stream<Row> rows = lake().stream(quarantine)) {
      return rows.collect(Collectors.toMap(r -> r.getLong("seq"), r -> r.getString("_rejected_by")));
    }
  }

  @Test
  void warnRulesKeepRowsAndCountThem() {
    givenPeople(person(1, "A"), person(2, "B", "status", "Zombie"), person(3, "", "status", "Active"),
        person(4, "D", "status", "Dormant"));
    EtlStage stage = EtlStage.builder("warned")
        .input("people", PEOPLE)
        .output(MEMBERS)
        .sql("SELECT * FROM people")
        .rule(Rules.notEmpty("id"))
        .rule(Rules.acceptedValues("status", List.of("Active", "Inactive")).warn())
        .build();

    StageReport report = backend.stages().run(stage);

    assertThat(report.warnings()).containsExactly(entry("accepted_values(status)", 2L));
    assertThat(report.quarantinedByRule()).containsExactly(entry("not_empty(id)", 1L));
    assertThat(report.rowsOut()).isEqualTo(3);
    assertThat(report.rowsQuarantined()).isEqualTo(1);
    assertThat(rowsOf(MEMBERS, "seq")).extracting(r -> r.get("status")).containsExactly("Active", "Zombie", "Dormant");
    assertThat(rejectedBySeq(MEMBERS_QUARANTINE)).containsExactly(entry(3L, "not_empty(id)"));
  }

  @Test
  void aBrokenFailRuleThrowsAndCommitsNothing() {
    givenPeople(person(1, "A"), person(2, "B"));
    EtlStage stage = EtlStage.builder("strict")
        .input("people", PEOPLE)
        .output(MEMBERS)
        .sql("SELECT * FROM people")
        .rule(Rules.notEmpty("id"))
        .rule(Rules.acceptedValues("status", List.of("Active", "Inactive")).fail())
        .build();
    StageReport first = backend.stages().run(stage);
    assertThat(first.version()).isEqualTo(1);
    long quarantineVersion = version(MEMBERS_QUARANTINE);

    givenPeople(person(3, "", "status", "Active"), person(4, "D", "status", "Dormant"));

    assertThatThrownBy(() -> backend.stages().run(stage))
        .isInstanceOfSatisfying(StageFailedException.class, e -> assertThat(e.stage()).isEqualTo("strict"))
        .hasMessageContaining("accepted_values(status)");
    assertThat(version(MEMBERS)).isEqualTo(1);
    assertThat(version(MEMBERS_QUARANTINE)).isEqualTo(quarantineVersion);
    assertThat(rowsOf(MEMBERS, "seq")).extracting(r -> r.get("id")).containsExactly("A", "B");

    DatasetId fresh = DatasetId.of(Zone.CURATED, "fresh");
    EtlStage failsFirstTime = EtlStage.builder("strict-fresh").input("people", PEOPLE).output(fresh)
        .sql("SELECT * FROM people").rule(Rules.notEmpty("id").fail()).build();
    assertThatThrownBy(() -> backend.stages().run(failsFirstTime)).isInstanceOf(StageFailedException.class);
    assertThat(lake().describe(fresh)).isEmpty();
  }

  @Test
  void aJavaStageReadsTheLakeAndItsRowsAreChecked() {
    givenPeople(person(1, "A", "score", "10"), person(2, "B", "score", "-3"), person(3, "", "score", "7"),
        person(4, "D", "score", "abc"));
    DatasetId scores = DatasetId.of(Zone.CLEANED, "scores");
    Schema schema = Schema.of(Column.of("id", DataType.STRING), Column.of("score", DataType.DOUBLE),
        Column.of("seq", DataType.LONG));
    EtlStage stage = EtlStage.builder("java-scores")
        .input("people", PEOPLE)
        .output(scores)
        .java(context -> {
          List<List<?>> rows = new ArrayList<>();
          try (Stream<Row> people = context.lake().stream(PEOPLE)) {
            people.forEach(p -> rows.add(row(p.getString("id"), parseOrNull(p.getString("score")), p.getLong("seq"))));
          }
          return WriteSource.rows(schema, rows);
        })
        .rule(Rules.notEmpty("id"))
        .rule(Rules.greaterThan("score", 0))
        .rule(Rules.notEmpty("score").named("has_score"))
        .build();

    StageReport report = backend.stages().run(stage);

    assertThat(report.rowsIn()).isEqualTo(4);
    assertThat(report.rowsOut()).isEqualTo(1);
    assertThat(report.quarantinedByRule()).containsExactly(entry("not_empty(id)", 1L), entry("score > 0", 2L),
        entry("has_score", 1L));
    assertThat(rowsOf(scores)).containsExactly(mapOf("id", "A", "score", 10.0, "seq", 1L));
    assertThat(rejectedBySeq(DatasetId.of(Zone.QUARANTINE, "scores"))).containsOnly(entry(2L, "score > 0"),
        entry(3L, "not_empty(id)"), entry(4L, "score > 0; has_score"));
  }

  private static Double parseOrNull(String text) {
    try {
      return Double.valueOf(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Test
  void ruleValuesAndParametersWithQuotesAreBoundNotSpliced() {
    List<String> names = List.of("O'Brien", "Smith", "x' OR '1'='1", "Mc'Donald", "O\"Neil");
    for (int i = 0; i < names.size(); i++) {
      givenPeople(person(i + 1, names.get(i)));
    }
    EtlStage stage = EtlStage.builder("quotes")
        .input("people", PEOPLE)
        .output(MEMBERS)
        .sql("SELECT * FROM people WHERE id <> ?", "Mc'Donald")
        .rule(Rules.acceptedValues("id", List.of("O'Brien", "Smith", "Mc'Donald")))
        .rule(Rules.matches("id", "(O'|Mc')?[A-Z][a-z]+"))
        .build();

    StageReport report = backend.stages().run(stage);

    assertThat(report.rowsIn()).isEqualTo(4);
    assertThat(rowsOf(MEMBERS, "seq")).extracting(r -> r.get("id")).containsExactly("O'Brien", "Smith");
    assertThat(rejectedBySeq(MEMBERS_QUARANTINE)).containsOnly(
        entry(3L, "accepted_values(id); pattern(id)"), entry(5L, "accepted_values(id); pattern(id)"));
  }

  @Test
  void runningAStageAgainGivesTheSameRowsAsANewVersion() {
    givenTeams();
    givenPeople(person(1, "P01"), person(2, "P02", "score", "-1"), person(3, "P01"), person(4, "P04", "team", "T2"));

    StageReport first = backend.stages().run(everyRuleKind());
    List<Map<String, Object>> output = rowsOf(MEMBERS, "seq");
    List<Map<String, Object>> quarantined = rowsOf(MEMBERS_QUARANTINE, "seq");
    StageReport second = backend.stages().run(everyRuleKind());

    assertThat(second.version()).isEqualTo(first.version() + 1);
    assertThat(rowsOf(MEMBERS, "seq")).isEqualTo(output);
    assertThat(rowsOf(MEMBERS_QUARANTINE, "seq")).isEqualTo(quarantined);
    assertThat(output).hasSize(2);
    assertThat(quarantined).hasSize(2);
    assertThat(second.quarantinedByRule()).isEqualTo(first.quarantinedByRule());
    assertThat(List.of(second.rowsIn(), second.rowsOut(), second.rowsQuarantined()))
        .containsExactly(first.rowsIn(), first.rowsOut(), first.rowsQuarantined());
  }

  @Test
  void quarantineHoldsOnlyTheLatestRunsRejects() {
    givenTeams();
    givenPeople(person(1, "P01"), person(2, "P02", "score", "-1"));
    backend.stages().run(everyRuleKind());
    assertThat(count(MEMBERS_QUARANTINE)).isEqualTo(1);

    lake().delete(PEOPLE);
    givenPeople(person(1, "P01"), person(2, "P02"));
    StageReport report = backend.stages().run(everyRuleKind());

    assertThat(report.rowsQuarantined()).isZero();
    assertThat(count(MEMBERS)).isEqualTo(2);
    assertThat(count(MEMBERS_QUARANTINE)).isZero();
  }

  @Test
  void aMissingInputThrowsNoSuchDatasetNamingIt() {
    EtlStage stage = EtlStage.builder("orphan")
        .input("ghosts", DatasetId.of(Zone.RAW, "ghosts"))
        .output(MEMBERS)
        .sql("SELECT * FROM ghosts")
        .rule(Rules.notEmpty("id"))
        .build();

    assertThatThrownBy(() -> backend.stages().run(stage))
        .isInstanceOf(NoSuchDatasetException.class)
        .hasMessageContaining("raw/ghosts");

    givenPeople(person(1, "A"));
    EtlStage missingReference = EtlStage.builder("missing-reference")
        .input("people", PEOPLE)
        .output(MEMBERS)
        .sql("SELECT * FROM people")
        .rule(Rules.referenceExists("team", DatasetId.of(Zone.CURATED, "no_teams"), "team_id"))
        .build();
    assertThatThrownBy(() -> backend.stages().run(missingReference))
        .isInstanceOf(NoSuchDatasetException.class)
        .hasMessageContaining("curated/no_teams");
    assertThat(lake().describe(MEMBERS)).isEmpty();
  }

  @Test
  void aRuleNamingAMissingColumnThrowsInvalidInputNamingIt() {
    givenPeople(person(1, "A"));
    EtlStage stage = EtlStage.builder("typo")
        .input("people", PEOPLE)
        .output(MEMBERS)
        .sql("SELECT * FROM people")
        .rule(Rules.notEmpty("id"))
        .rule(Rules.parsesAs("nickname", DataType.DATE))
        .build();

    assertThatThrownBy(() -> backend.stages().run(stage))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nickname");

    EtlStage badOrder = EtlStage.builder("typo-order")
        .input("people", PEOPLE)
        .output(MEMBERS)
        .sql("SELECT * FROM people")
        .rule(Rules.uniqueKey(List.of("id"), List.of("arrived_at")))
        .build();
    assertThatThrownBy(() -> backend.stages().run(badOrder))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("arrived_at");
    assertThat(lake().describe(MEMBERS)).isEmpty();
    assertThat(lake().describe(MEMBERS_QUARANTINE)).isEmpty();
  }

  @Test
  void userColumnsNamedLikeInternalOnesAreCarriedThroughUntouched() {
    DatasetId export = DatasetId.of(Zone.RAW, "export");
    // DuckDB's rowid pseudo-column is hidden by a column of that name: every row here has rowid 7
    Schema schema = Schema.of(Column.of("seq", DataType.LONG), Column.of("id", DataType.STRING),
        Column.of("score", DataType.STRING), Column.of("rowid", DataType.LONG),
        Column.of("tk_valid", DataType.STRING), Column.of("tk_checked", DataType.STRING),
        Column.of("notes", DataType.STRING));
    append(export, schema, row(1L, "A", "1.5", 7L, "no", "x", "first"), row(2L, "B", "2", 7L, "false", "y", null),
        row(3L, "A", "3", 7L, "yes", "z", "again"), row(4L, "C", "abc", 7L, "true", "", "bad score"));
    EtlStage stage = EtlStage.builder("odd-names")
        .input("export", export)
        .output(MEMBERS)
        .sql("SELECT * FROM export")
        .rule(Rules.parsesAs("score", DataType.DOUBLE))
        .rule(Rules.uniqueKey(List.of("id"), List.of("seq")))
        .build();

    StageReport report = backend.stages().run(stage);

    assertThat(report.quarantinedByRule()).containsExactly(entry("valid_double(score)", 1L), entry("unique(id)", 1L));
    assertThat(rowsOf(MEMBERS, "seq")).containsExactly(
        mapOf("seq", 1L, "id", "A", "score", "1.5", "rowid", 7L, "tk_valid", "no", "tk_checked", "x", "notes", "first"),
        mapOf("seq", 2L, "id", "B", "score", "2", "rowid", 7L, "tk_valid", "false", "tk_checked", "y", "notes", null));
    assertThat(rejectedBySeq(MEMBERS_QUARANTINE)).containsOnly(entry(3L, "unique(id)"),
        entry(4L, "valid_double(score)"));
    assertThat(rowsOf(MEMBERS_QUARANTINE, "seq").get(0)).containsEntry("rowid", 7L).containsEntry("tk_valid", "yes");
  }

  @Test
  void aStageWhoseRowsCarryAReservedNameIsRefusedNamingIt() {
    givenPeople(person(1, "A"));
    for (String reserved : List.of("_tk_p0", "_tk_v0", "_tk_valid", "_rejected_by", "_stage")) {
      EtlStage stage = EtlStage.builder("reserved")
          .input("people", PEOPLE)
          .output(MEMBERS)
          .sql("SELECT *, 'x' AS " + reserved + " FROM people")
          .rule(Rules.notEmpty("id"))
          .build();
      assertThatThrownBy(() -> backend.stages().run(stage))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("Stage reserved: candidate column " + reserved + " is reserved for Takwimu")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    assertThat(lake().describe(MEMBERS)).isEmpty();
    assertThat(lake().describe(MEMBERS_QUARANTINE)).isEmpty();
  }

  @Test
  void aStageWithRulesOverNoRowsCommitsAnEmptyOutput() {
    givenTeams();
    givenPeople();

    StageReport report = backend.stages().run(everyRuleKind());

    assertThat(List.of(report.rowsIn(), report.rowsOut(), report.rowsQuarantined())).containsExactly(0L, 0L, 0L);
    assertThat(report.quarantinedByRule()).hasSize(16).allSatisfy((rule, rows) -> assertThat(rows).isZero());
    assertThat(lake().describe(MEMBERS).orElseThrow().schema().names())
        .containsExactly("seq", "id", "joined", "score", "vip", "grade");
    assertThat(count(MEMBERS)).isZero();
    assertThat(count(MEMBERS_QUARANTINE)).isZero();
  }

  @Test
  void aStageWithoutRulesCommitsEveryCandidateRow() {
    givenPeople(person(1, "A"), person(2, ""));
    EtlStage stage = EtlStage.builder("copy")
        .input("people", PEOPLE)
        .output(MEMBERS)
        .sql("SELECT seq, id FROM people WHERE seq >= ?", 1L)
        .build();

    StageReport report = backend.stages().run(stage);

    assertThat(report.rowsIn()).isEqualTo(2);
    assertThat(report.rowsOut()).isEqualTo(2);
    assertThat(report.rowsQuarantined()).isZero();
    assertThat(rowsOf(MEMBERS, "seq")).extracting(r -> r.get("id")).containsExactly("A", "");
    assertThat(lake().describe(MEMBERS).orElseThrow().properties()).containsEntry("stage", "copy");
  }

  private static final DatasetId LATE = DatasetId.of(Zone.RAW, "late_people");
  private static final Schema LATE_SCHEMA = Schema.of(Column.of("id", DataType.STRING),
      Column.of("team", DataType.STRING), Column.of("arrived", DataType.INT));

  /** People and, once it exists, latecomers as one set of candidates; a key's first row by seq, then by arrival. */
  private static EtlStage withLatecomers() {
    return EtlStage.builder("with-latecomers")
        .input("people", PEOPLE)
        .optionalInput("late", LATE, LATE_SCHEMA)
        .output(MEMBERS)
        .sql("SELECT id, team, seq, NULL AS arrived FROM people UNION ALL SELECT id, team, NULL, arrived FROM late")
        .rule(Rules.notEmpty("id"))
        .rule(Rules.uniqueKey(List.of("id"), List.of("seq", "arrived")))
        .build();
  }

  @Test
  void aMissingOptionalInputReadsAsNoRowsWithItsDeclaredColumns() {
    givenPeople(person(1, "A"), person(2, " "), person(3, "A"));

    StageReport report = backend.stages().run(withLatecomers());

    assertThat(report.inputRows()).containsExactly(entry(PEOPLE, 3L), entry(LATE, 0L));
    assertThat(List.of(report.rowsIn(), report.rowsOut(), report.rowsQuarantined())).containsExactly(3L, 1L, 2L);
    assertThat(rowsOf(MEMBERS)).containsExactly(mapOf("id", "A", "team", "T1", "seq", 1L, "arrived", null));
    assertThat(lake().describe(MEMBERS).orElseThrow().schema().column("arrived").orElseThrow().type())
        .isEqualTo(DataType.INT);
    assertThat(lake().describe(MEMBERS).orElseThrow().properties())
        .containsEntry("inputs", "raw/people@v1,raw/late_people@none");
    assertThat(lake().describe(LATE)).as("reading an optional input never creates it").isEmpty();
  }

  @Test
  void anExistingOptionalInputIsReadAtItsCurrentVersionAndRecorded() {
    givenPeople(person(1, "A"), person(2, "B"));
    append(LATE, LATE_SCHEMA, row("B", "T2", 1), row("C", "T2", 2));
    append(LATE, LATE_SCHEMA, row("C", "T1", 3), row("", "T1", 4), row("D", null, 5));

    StageReport report = backend.stages().run(withLatecomers());

    assertThat(report.inputRows()).containsExactly(entry(PEOPLE, 2L), entry(LATE, 5L));
    assertThat(report.rowsIn()).isEqualTo(report.inputRows().values().stream().mapToLong(Long::longValue).sum());
    assertThat(report.quarantinedByRule()).containsExactly(entry("not_empty(id)", 1L), entry("unique(id)", 2L));
    assertThat(rowsOf(MEMBERS, "id")).containsExactly(
        mapOf("id", "A", "team", "T1", "seq", 1L, "arrived", null),
        mapOf("id", "B", "team", "T1", "seq", 2L, "arrived", null),
        mapOf("id", "C", "team", "T2", "seq", null, "arrived", 2),
        mapOf("id", "D", "team", null, "seq", null, "arrived", 5));
    assertThat(rowsOf(MEMBERS_QUARANTINE, "arrived")).extracting(r -> r.get("arrived") + " " + r.get("_rejected_by"))
        .containsExactly("1 unique(id)", "3 unique(id)", "4 not_empty(id)");
    assertThat(lake().describe(MEMBERS).orElseThrow().properties())
        .containsEntry("inputs", "raw/people@v" + version(PEOPLE) + ",raw/late_people@v" + version(LATE));
    assertThat(version(LATE)).isEqualTo(2);
  }

  @Test
  void anOptionalInputLackingADeclaredColumnIsRefusedNamingIt() {
    givenPeople(person(1, "A"));
    append(LATE, Schema.of(Column.of("id", DataType.STRING), Column.of("team", DataType.STRING)), row("B", "T1"));

    assertThatThrownBy(() -> backend.stages().run(withLatecomers()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Stage with-latecomers: input raw/late_people lacks column arrived (found: id, team)");
    assertThat(lake().describe(MEMBERS)).isEmpty();
    assertThat(lake().describe(MEMBERS_QUARANTINE)).isEmpty();
  }
}
