package dev.takwimu.aws.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The dialect difference between Athena engine v3 and the Trino 406 it is built on, for the statements the backend
 * sends; this class is that difference, nothing else is translated:
 * <ul>
 *   <li>Execution parameters: Athena receives each as SQL literal text ({@code 'it''s'}, {@code 42},
 *       {@code DATE '2024-01-01'}, {@code NULL}) and binds them to the {@code ?} placeholders in order, as Trino's
 *       {@code EXECUTE ... USING} does; here the literals replace the placeholders ({@code ?} inside string literals,
 *       quoted identifiers and comments is not a placeholder).</li>
 *   <li>{@code CREATE TABLE ... WITH (...)}: the Athena-only table properties ({@code table_type = 'ICEBERG'},
 *       {@code is_external = false}, Athena's vacuum and optimize settings, {@code write_compression}) are dropped;
 *       Trino's Iceberg connector rejects them and knows the rest ({@code location}, {@code partitioning},
 *       {@code format}).</li>
 *   <li>Identifier quoting: the statements Athena runs on its Hive DDL path ({@link #isHiveDdl}) quote identifiers
 *       with backticks, which become Trino's double quotes; a double-quoted identifier there is rejected with
 *       Hive's parse error, as Athena rejects it. Everywhere else (SELECT, INSERT, CTAS, MERGE, UNLOAD...) it is the
 *       other way round: double quotes, and a backtick is rejected with Trino's error.</li>
 *   <li>{@code UNLOAD (SELECT ...) TO 's3://...' WITH (...)}: Trino has no UNLOAD; the statement becomes an
 *       {@link Unload} that the caller runs as the SELECT and writes to S3 itself; its {@code WITH} properties are
 *       checked against Athena's documentation ({@link UnloadFormat}).</li>
 * </ul>
 */
public final class AthenaToTrino {
  /** Table properties only Athena knows (Athena's CTAS for Iceberg requires the first two). */
  static final Set<String> ATHENA_ONLY_TABLE_PROPERTIES = Set.of("table_type", "is_external", "write_compression",
      "compression_level", "vacuum_min_snapshots_to_keep", "vacuum_max_snapshot_age_seconds",
      "vacuum_max_metadata_files_to_keep", "optimize_rewrite_delete_file_threshold",
      "optimize_rewrite_data_file_threshold");

  private AthenaToTrino() {
  }

  /**
   * A statement real Athena would refuse; the message is shaped like Athena's and is reported as the query's failure
   * reason unchanged.
   */
  public static final class Rejected extends IllegalArgumentException {
    Rejected(String message) {
      super(message);
    }
  }

  /** What Trino runs for one Athena statement. */
  public sealed interface Translation permits Sql, Unload {
  }

  /** A statement Trino runs as it is. */
  public record Sql(String sql) implements Translation {
  }

  /**
   * Athena's UNLOAD: the query, where its rows go, and the {@code WITH} properties (names lower-cased, string values
   * without their quotes).
   */
  public record Unload(String query, String location, Map<String, String> properties) implements Translation {
    public Unload {
      properties = Map.copyOf(properties);
    }

    public String format() {
      return properties.getOrDefault("format", "PARQUET").toUpperCase(Locale.ROOT);
    }
  }

  /**
   * Translates one Athena statement with its execution parameters.
   *
   * @param athenaSql the statement as Athena receives it
   * @param parameters Athena's execution parameters (SQL literal texts), in placeholder order
   * @throws IllegalArgumentException if the number of parameters differs from the number of placeholders, or an
   *     UNLOAD is malformed
   */
  public static Translation translate(String athenaSql, List<String> parameters) {
    return translate(athenaSql, parameters,
        Boolean.parseBoolean(System.getProperty(STRICT_PLACEMENT_PROPERTY, "true")));
  }

  /**
   * The system property that can turn off the WHERE-only rule for {@code ?} placeholders ({@link #translate(String,
   * List, boolean)}) with {@code false}; on by default, as on Athena.
   */
  public static final String STRICT_PLACEMENT_PROPERTY = "takwimu.athena.strict-parameter-placement";

  /** Athena's limit on the length of one execution parameter (StartQueryExecution, ExecutionParameters). */
  public static final int MAX_PARAMETER_LENGTH = 1024;

  /**
   * As {@link #translate(String, List)}; with {@code strictParameterPlacement} a {@code ?} outside a WHERE clause is
   * rejected as well.
   */
  public static Translation translate(String athenaSql, List<String> parameters, boolean strictParameterPlacement) {
    List<Token> scanned = Token.scan(athenaSql);
    checkIdentifierQuoting(athenaSql, scanned);
    checkParameters(scanned, parameters, strictParameterPlacement);
    checkHiddenColumns(scanned);
    List<Token> tokens = bindParameters(scanned, parameters);
    tokens = backticksToDoubleQuotes(tokens);
    List<Token> code = code(tokens);
    if (!code.isEmpty() && code.get(0).is("UNLOAD")) {
      return unload(tokens);
    }
    if (!code.isEmpty() && code.get(0).is("OPTIMIZE")) {
      return new Sql(optimize(tokens));
    }
    if (code.size() > 1 && code.get(0).is("CREATE")) {
      tokens = dropAthenaOnlyTableProperties(tokens);
    }
    return new Sql(addColumns(Token.join(tokens)));
  }

  /**
   * Whether Athena runs the statement on its Hive DDL path: {@code ALTER TABLE}, {@code CREATE DATABASE|SCHEMA},
   * {@code CREATE EXTERNAL TABLE}, {@code DROP TABLE|DATABASE|SCHEMA}, {@code SHOW}, {@code DESCRIBE},
   * {@code MSCK}. CTAS, {@code CREATE VIEW}, DML and queries run on the Trino path.
   */
  public static boolean isHiveDdl(String athenaSql) {
    return isHiveDdl(code(Token.scan(athenaSql)));
  }

  private static boolean isHiveDdl(List<Token> code) {
    if (code.isEmpty()) {
      return false;
    }
    Token first = code.get(0);
    Token second = code.size() > 1 ? code.get(1) : new Token(Kind.SPACE, "");
    if (first.is("SHOW") || first.is("DESCRIBE") || first.is("DESC") || first.is("MSCK")) {
      return true;
    }
    if (first.is("ALTER")) {
      return second.is("TABLE") || second.is("DATABASE") || second.is("SCHEMA");
    }
    if (first.is("DROP")) {
      return second.is("TABLE") || second.is("DATABASE") || second.is("SCHEMA");
    }
    if (first.is("CREATE")) {
      return second.is("DATABASE") || second.is("SCHEMA") || second.is("EXTERNAL");
    }
    return false;
  }

  /**
   * Hive's DDL grammar reads {@code "name"} as a string literal where it expects a name, and Trino's grammar refuses
   * backticks; the messages are the ones the two parsers give (Hive counts columns from 0, Trino from 1).
   */
  private static void checkIdentifierQuoting(String sql, List<Token> tokens) {
    boolean hive = isHiveDdl(code(tokens));
    int offset = 0;
    for (Token token : tokens) {
      if (hive && token.kind == Kind.QUOTED) {
        int[] at = position(sql, offset);
        throw new Rejected("FAILED: ParseException line " + at[0] + ":" + (at[1] - 1) + " cannot recognize input near '"
            + token.text + "' in DDL statement (Athena runs this statement on its Hive DDL path, which quotes "
            + "identifiers with backticks: `name`)");
      }
      if (!hive && token.kind == Kind.BACKTICK) {
        int[] at = position(sql, offset);
        throw new Rejected("line " + at[0] + ":" + at[1]
            + ": backquoted identifiers are not supported; use double quotes to quote identifiers");
      }
      offset += token.text.length();
    }
  }

  /**
   * Athena documents the {@code "$path"} hidden column for SELECT ("Getting the file locations for source data in
   * Amazon S3"); its MERGE, UPDATE and DELETE pages for Iceberg tables do not mention it. Trino accepts it there, so
   * the harness refuses it in those statements: what Athena does with it is unknown, and the backend must not rely on
   * it.
   */
  private static void checkHiddenColumns(List<Token> tokens) {
    List<Token> code = code(tokens);
    if (code.isEmpty() || !(code.get(0).is("MERGE") || code.get(0).is("UPDATE") || code.get(0).is("DELETE"))) {
      return;
    }
    for (Token token : code) {
      if (token.kind == Kind.QUOTED && token.name().startsWith("$")) {
        throw new Rejected("NOT_SUPPORTED: hidden column " + token.text + " in a " + code.get(0).text.toUpperCase(
            Locale.ROOT) + " statement: Athena documents hidden columns for SELECT only (test harness rule)");
      }
    }
  }

  /**
   * Athena's {@code OPTIMIZE table REWRITE DATA USING BIN_PACK [WHERE predicate]} ("Optimize Iceberg tables") is
   * Trino's {@code ALTER TABLE table EXECUTE optimize [WHERE predicate]}: both rewrite small data files and the delete
   * files that apply to them into new data files, in one commit (Iceberg operation {@code replace}).
   */
  private static String optimize(List<Token> tokens) {
    List<Integer> code = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).kind != Kind.SPACE && tokens.get(i).kind != Kind.COMMENT) {
        code.add(i);
      }
    }
    for (int i = 2; i + 3 < code.size(); i++) {
      if (tokens.get(code.get(i)).is("REWRITE") && tokens.get(code.get(i + 1)).is("DATA")
          && tokens.get(code.get(i + 2)).is("USING") && tokens.get(code.get(i + 3)).is("BIN_PACK")) {
        return "ALTER TABLE " + Token.join(tokens.subList(code.get(1), code.get(i - 1) + 1)) + " EXECUTE optimize"
            + Token.join(tokens.subList(code.get(i + 3) + 1, tokens.size()));
      }
    }
    throw new Rejected("line 1:1: mismatched input. Expecting: OPTIMIZE table REWRITE DATA USING BIN_PACK");
  }

  /** The statements that may carry execution parameters ("Use parameterized queries", considerations). */
  private static boolean acceptsParameters(List<Token> code) {
    if (code.isEmpty()) {
      return false;
    }
    Token first = code.get(0);
    if (first.is("SELECT") || first.is("WITH") || first.is("UNLOAD") || first.isSymbol("(")) {
      return true;
    }
    if (first.is("INSERT")) {
      return code.size() > 1 && code.get(1).is("INTO");
    }
    if (first.is("CREATE") && code.size() > 1 && code.get(1).is("TABLE")) {
      int depth = 0;
      for (Token token : code) {
        depth += token.isSymbol("(") ? 1 : token.isSymbol(")") ? -1 : 0;
        if (depth == 0 && token.is("AS")) {
          return true;
        }
      }
    }
    return false;
  }

  /** Keywords that start a clause; the last one seen at a parenthesis depth is the clause a token there is in. */
  private static final Set<String> CLAUSES = Set.of("select", "from", "where", "group", "having", "order", "limit",
      "offset", "fetch", "on", "using", "join", "values", "set", "window", "union", "intersect", "except", "with",
      "into", "to", "table");

  /**
   * Athena's rules for execution parameters: each value at most {@value #MAX_PARAMETER_LENGTH} characters (checked by
   * the API before the query starts); placeholders only in SELECT, INSERT INTO, CTAS and UNLOAD (so none in MERGE);
   * and, with {@code strictPlacement}, only in a WHERE clause ({@code SELECT ? FROM t} is not supported).
   */
  private static void checkParameters(List<Token> tokens, List<String> parameters, boolean strictPlacement) {
    for (int i = 0; i < parameters.size(); i++) {
      String value = parameters.get(i);
      if (value != null && value.length() > MAX_PARAMETER_LENGTH) {
        throw new Rejected("1 validation error detected: Value at 'executionParameters." + (i + 1) + ".member' "
            + "failed to satisfy constraint: Member must have length less than or equal to " + MAX_PARAMETER_LENGTH);
      }
    }
    List<Token> code = code(tokens);
    boolean any = code.stream().anyMatch(t -> t.isSymbol("?"));
    if (!any) {
      return;
    }
    if (!acceptsParameters(code)) {
      throw new Rejected("INVALID_PARAMETER_USAGE: parameterized queries are supported only for SELECT, INSERT INTO, "
          + "CTAS and UNLOAD statements, not " + code.get(0).text().toUpperCase(Locale.ROOT));
    }
    if (!strictPlacement) {
      return;
    }
    List<String> clauses = new ArrayList<>();
    clauses.add(null);
    for (Token token : code) {
      if (token.isSymbol("(")) {
        clauses.add(null);
      } else if (token.isSymbol(")")) {
        clauses.remove(clauses.size() - 1);
      } else if (token.kind == Kind.WORD && CLAUSES.contains(token.name())) {
        clauses.set(clauses.size() - 1, token.name());
      } else if (token.isSymbol("?")) {
        String clause = null;
        for (int d = clauses.size() - 1; d >= 0 && clause == null; d--) {
          clause = clauses.get(d);
        }
        if (!"where".equals(clause)) {
          throw new Rejected("INVALID_PARAMETER_USAGE: a ? parameter can be placed only in a WHERE clause, not in "
              + (clause == null ? "this position" : clause.toUpperCase(Locale.ROOT)));
        }
      }
    }
  }

  /** Line and column (both from 1) of a character offset. */
  private static int[] position(String sql, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new int[] {line, offset - lineStart + 1};
  }

  private static final java.util.regex.Pattern ADD_COLUMNS = java.util.regex.Pattern.compile(
      "(?is)\\s*(ALTER\\s+TABLE\\s+.+?)\\s+ADD\\s+COLUMNS\\s*\\(\\s*(\"(?:[^\"]|\"\")+\"|\\w+)\\s+(\\w+)\\s*\\)\\s*");

  /**
   * Athena's Hive-style {@code ALTER TABLE t ADD COLUMNS (c type)} (one column, Hive type names) as Trino's
   * {@code ALTER TABLE t ADD COLUMN c type}.
   */
  static String addColumns(String sql) {
    java.util.regex.Matcher m = ADD_COLUMNS.matcher(sql);
    if (!m.matches()) {
      return sql;
    }
    String type = switch (m.group(3).toLowerCase(java.util.Locale.ROOT)) {
      case "string" -> "varchar";
      case "int" -> "integer";
      case "float" -> "real";
      case "timestamp" -> "timestamp(6)";
      default -> m.group(3);
    };
    return m.group(1) + " ADD COLUMN " + m.group(2) + " " + type;
  }

  private static List<Token> bindParameters(List<Token> tokens, List<String> parameters) {
    long placeholders = tokens.stream().filter(t -> t.kind == Kind.SYMBOL && t.text.equals("?")).count();
    if (placeholders != parameters.size()) {
      // the message Trino gives for EXECUTE ... USING with the wrong number of values, which is what Athena reports
      throw new IllegalArgumentException("Incorrect number of parameters: expected " + placeholders + " but found "
          + parameters.size());
    }
    List<Token> bound = new ArrayList<>(tokens.size());
    int next = 0;
    for (Token token : tokens) {
      if (token.kind == Kind.SYMBOL && token.text.equals("?")) {
        // "-?" with "-1" must not become the comment "--1"
        boolean afterMinus = !bound.isEmpty() && bound.get(bound.size() - 1).text.endsWith("-");
        bound.add(new Token(Kind.SPACE, (afterMinus ? " " : "") + parameters.get(next++)));
      } else {
        bound.add(token);
      }
    }
    return bound;
  }

  private static List<Token> backticksToDoubleQuotes(List<Token> tokens) {
    List<Token> result = new ArrayList<>(tokens.size());
    for (Token token : tokens) {
      if (token.kind == Kind.BACKTICK) {
        String name = token.text.substring(1, token.text.length() - 1).replace("``", "`");
        result.add(new Token(Kind.QUOTED, '"' + name.replace("\"", "\"\"") + '"'));
      } else {
        result.add(token);
      }
    }
    return result;
  }

  /**
   * Drops the Athena-only properties from the table's {@code WITH (...)}: the first {@code WITH} outside parentheses
   * and before the first {@code AS} outside parentheses (a later {@code WITH} belongs to the query).
   */
  private static List<Token> dropAthenaOnlyTableProperties(List<Token> tokens) {
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.isSymbol("(")) {
        depth++;
      } else if (token.isSymbol(")")) {
        depth--;
      } else if (depth == 0 && token.is("AS")) {
        return tokens;
      } else if (depth == 0 && token.is("WITH")) {
        int open = nextCode(tokens, i + 1);
        if (open < 0 || !tokens.get(open).isSymbol("(")) {
          return tokens;
        }
        int close = matchingParenthesis(tokens, open);
        List<List<Token>> kept = new ArrayList<>();
        for (List<Token> property : splitTopLevel(tokens.subList(open + 1, close))) {
          List<Token> propertyCode = code(property);
          if (propertyCode.isEmpty() || !ATHENA_ONLY_TABLE_PROPERTIES.contains(propertyCode.get(0).name())) {
            kept.add(property);
          }
        }
        List<Token> result = new ArrayList<>(tokens.subList(0, i));
        if (!kept.isEmpty()) {
          result.add(token);
          result.addAll(tokens.subList(i + 1, open + 1));
          for (int k = 0; k < kept.size(); k++) {
            if (k > 0) {
              result.add(new Token(Kind.SYMBOL, ","));
            }
            result.addAll(kept.get(k));
          }
          result.add(tokens.get(close));
        }
        result.addAll(tokens.subList(close + 1, tokens.size()));
        return result;
      }
    }
    return tokens;
  }

  /** {@code UNLOAD ( query ) TO 'location' [WITH ( name = value, ... )]}. */
  private static Unload unload(List<Token> tokens) {
    int open = nextCode(tokens, nextCode(tokens, 0) + 1);
    if (open < 0 || !tokens.get(open).isSymbol("(")) {
      throw new IllegalArgumentException("UNLOAD must be followed by a parenthesized query");
    }
    int close = matchingParenthesis(tokens, open);
    String query = Token.join(tokens.subList(open + 1, close)).strip();
    List<Token> rest = code(tokens.subList(close + 1, tokens.size()));
    if (rest.size() < 2 || !rest.get(0).is("TO") || rest.get(1).kind != Kind.STRING) {
      throw new IllegalArgumentException("UNLOAD (...) must be followed by TO 's3://bucket/prefix/'");
    }
    String location = rest.get(1).stringValue();
    Map<String, String> properties = new LinkedHashMap<>();
    if (rest.size() > 2) {
      if (!rest.get(2).is("WITH") || rest.size() < 4 || !rest.get(3).isSymbol("(")) {
        throw new IllegalArgumentException("UNLOAD ... TO '" + location + "' may only be followed by WITH (...)");
      }
      List<Token> inner = rest.subList(4, matchingParenthesis(rest, 3));
      for (List<Token> property : splitTopLevel(inner)) {
        if (property.size() < 3 || !property.get(1).isSymbol("=")) {
          throw new IllegalArgumentException("UNLOAD property must be name = value: " + Token.join(property));
        }
        Token value = property.get(2);
        properties.put(property.get(0).name(),
            value.kind == Kind.STRING ? value.stringValue() : Token.join(property.subList(2, property.size())));
      }
    }
    UnloadFormat.of(properties); // refuses what Athena's UNLOAD documentation does not allow
    return new Unload(query, location, properties);
  }

  private static List<Token> code(List<Token> tokens) {
    return tokens.stream().filter(t -> t.kind != Kind.SPACE && t.kind != Kind.COMMENT).toList();
  }

  private static int nextCode(List<Token> tokens, int from) {
    for (int i = from; i < tokens.size(); i++) {
      if (tokens.get(i).kind != Kind.SPACE && tokens.get(i).kind != Kind.COMMENT) {
        return i;
      }
    }
    return -1;
  }

  private static int matchingParenthesis(List<Token> tokens, int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      if (tokens.get(i).isSymbol("(")) {
        depth++;
      } else if (tokens.get(i).isSymbol(")") && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("Unbalanced parentheses in: " + Token.join(tokens));
  }

  /** Splits at commas outside parentheses and brackets. */
  private static List<List<Token>> splitTopLevel(List<Token> tokens) {
    List<List<Token>> parts = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    int depth = 0;
    for (Token token : tokens) {
      if (token.isSymbol("(") || token.isSymbol("[")) {
        depth++;
      } else if (token.isSymbol(")") || token.isSymbol("]")) {
        depth--;
      }
      if (depth == 0 && token.isSymbol(",")) {
        parts.add(current);
        current = new ArrayList<>();
      } else {
        current.add(token);
      }
    }
    if (!code(current).isEmpty()) {
      parts.add(current);
    }
    return parts;
  }

  enum Kind { WORD, STRING, QUOTED, BACKTICK, COMMENT, SPACE, SYMBOL }

  /** A piece of SQL text; joining all tokens' texts gives the statement back unchanged. */
  record Token(Kind kind, String text) {
    boolean is(String keyword) {
      return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    boolean isSymbol(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** An identifier's name as Trino resolves it (lower case; quotes removed). */
    String name() {
      return kind == Kind.QUOTED ? text.substring(1, text.length() - 1).replace("\"\"", "\"").toLowerCase(Locale.ROOT)
          : text.toLowerCase(Locale.ROOT);
    }

    /** A string literal's value. */
    String stringValue() {
      return text.substring(1, text.length() - 1).replace("''", "'");
    }

    static String join(List<Token> tokens) {
      StringBuilder sql = new StringBuilder();
      tokens.forEach(t -> sql.append(t.text));
      return sql.toString();
    }

    static List<Token> scan(String sql) {
      List<Token> tokens = new ArrayList<>();
      int i = 0;
      int n = sql.length();
      while (i < n) {
        char c = sql.charAt(i);
        int end;
        Kind kind;
        if (c == '\'' || c == '"' || c == '`') {
          end = quotedEnd(sql, i, c);
          kind = c == '\'' ? Kind.STRING : c == '"' ? Kind.QUOTED : Kind.BACKTICK;
        } else if (c == '-' && sql.startsWith("--", i)) {
          end = sql.indexOf('\n', i);
          end = end < 0 ? n : end;
          kind = Kind.COMMENT;
        } else if (c == '/' && sql.startsWith("/*", i)) {
          end = sql.indexOf("*/", i + 2);
          end = end < 0 ? n : end + 2;
          kind = Kind.COMMENT;
        } else if (Character.isWhitespace(c)) {
          end = i + 1;
          while (end < n && Character.isWhitespace(sql.charAt(end))) {
            end++;
          }
          kind = Kind.SPACE;
        } else if (Character.isLetterOrDigit(c) || c == '_') {
          end = i + 1;
          while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
              || sql.charAt(end) == '.' && Character.isDigit(c))) {
            end++;
          }
          kind = Kind.WORD;
        } else {
          end = i + 1;
          kind = Kind.SYMBOL;
        }
        tokens.add(new Token(kind, sql.substring(i, end)));
        i = end;
      }
      return tokens;
    }

    /** The end of a quoted piece starting at {@code start}; a doubled quote character is part of it. */
    private static int quotedEnd(String sql, int start, char quote) {
      int i = start + 1;
      while (i < sql.length()) {
        if (sql.charAt(i) == quote) {
          if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
            i += 2;
            continue;
          }
          return i + 1;
        }
        i++;
      }
      throw new IllegalArgumentException("Unterminated " + quote + " in: " + sql);
    }
  }
}
