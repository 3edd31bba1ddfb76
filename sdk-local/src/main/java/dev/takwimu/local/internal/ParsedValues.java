package dev.takwimu.local.internal;

import dev.takwimu.core.Check;
import dev.takwimu.core.DataType;
import dev.takwimu.core.QualityRule;
import dev.takwimu.core.spi.PortableFunctions;
import dev.takwimu.core.spi.RuleSql;
import dev.takwimu.engine.duckdb.DuckDbDialect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsed values a stage's rules compute, kept so that nothing is parsed twice. A rule that parses a text column
 * ({@code tk_timestamp(trim("timestamp"))}) has its parse computed once per row as a column of the checked table
 * ({@code _tk_p0}); the rule's flag and the stage's select list then read that column instead of parsing again. The
 * select list is only rewritten where it calls the same parse function on the same bare column
 * ({@code tk_timestamp("timestamp")}, or with {@code trim(...)} around the column), which gives the same value because
 * the parse functions trim their argument themselves; anything else is left as written.
 */
final class ParsedValues {
  private static final String COLUMN = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_]*)";
  private static final Pattern CALL = Pattern.compile(
      "(?i)(tk_date|tk_timestamp|tk_double|tk_long|tk_boolean)\\s*\\(\\s*(?:trim\\s*\\(\\s*" + COLUMN
          + "\\s*\\)|" + COLUMN + ")\\s*\\)");

  /** Parse expression as RuleSql renders it, e.g. {@code tk_double(trim("amount"))}, to its column alias. */
  private final Map<String, String> aliases = new LinkedHashMap<>();
  /** {@code tk_double} + NUL + column name to alias, for rewriting the select list. */
  private final Map<String, String> byCall = new LinkedHashMap<>();

  /** Collects the parses of the row-local rules on text columns. */
  ParsedValues(List<QualityRule> rules, Map<String, DataType> types) {
    for (QualityRule rule : rules) {
      if (!(rule.check() instanceof Check.ColumnCheck check) || types.get(check.column()) != DataType.STRING) {
        continue;
      }
      DataType target;
      if (check instanceof Check.ParsesAs parsesAs) {
        target = parsesAs.type();
      } else if (check instanceof Check.Range) {
        target = DataType.DOUBLE;
      } else {
        continue;
      }
      String parser = PortableFunctions.parser(target);
      if (parser == null) {
        continue;
      }
      String expression = parser + "(" + RuleSql.value(check.column(), DataType.STRING, DuckDbDialect.INSTANCE) + ")";
      if (!aliases.containsKey(expression)) {
        String alias = "_tk_p" + aliases.size();
        aliases.put(expression, alias);
        byCall.put(parser + '\0' + check.column(), alias);
      }
    }
  }

  boolean isEmpty() {
    return aliases.isEmpty();
  }

  /** The select-list items computing each parse once: {@code tk_double(trim("amount")) AS _tk_p0, ...}. */
  List<String> columns() {
    List<String> columns = new ArrayList<>();
    aliases.forEach((expression, alias) -> columns.add(expression + " AS " + alias));
    return columns;
  }

  /** A rule's SQL (as rendered by {@link RuleSql#passes}) reading the parsed columns instead of parsing again. */
  String inRule(String sql) {
    String result = sql;
    for (Map.Entry<String, String> parse : aliases.entrySet()) {
      result = result.replace(parse.getKey(), parse.getValue());
    }
    return result;
  }

  /**
   * A select-list item reading the parsed columns where it calls a parse function on a column a rule has parsed.
   * Items holding a subquery, whose columns could belong to another table, are left as they are; so is anything
   * inside a string literal.
   */
  String inSelect(String item) {
    if (byCall.isEmpty() || item.toLowerCase(Locale.ROOT).contains("select")) {
      return item;
    }
    StringBuilder out = new StringBuilder(item.length());
    int i = 0;
    while (i < item.length()) {
      char c = item.charAt(i);
      if (c == '\'') {
        int end = i + 1;
        while (end < item.length() && !(item.charAt(end) == '\'' && (end + 1 >= item.length()
            || item.charAt(end + 1) != '\''))) {
          end += item.charAt(end) == '\'' ? 2 : 1;
        }
        out.append(item, i, Math.min(end + 1, item.length()));
        i = end + 1;
        continue;
      }
      Matcher call = CALL.matcher(item).region(i, item.length());
      if (!identifierBefore(item, i) && call.lookingAt()) {
        String alias = aliasFor(call);
        if (alias != null) {
          out.append(alias);
          i = call.end();
          continue;
        }
      }
      if (c == '"') {
        int end = item.indexOf('"', i + 1);
        end = end < 0 ? item.length() - 1 : end;
        out.append(item, i, end + 1);
        i = end + 1;
        continue;
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** The alias of a matched call, or null when no rule parsed that column with that function. */
  private String aliasFor(Matcher call) {
    String function = call.group(1).toLowerCase(Locale.ROOT);
    String identifier = call.group(2) != null ? call.group(2) : call.group(3);
    String column = identifier.startsWith("\"")
        ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"") : identifier;
    return byCall.get(function + '\0' + column);
  }

  private static boolean identifierBefore(String text, int position) {
    if (position == 0) {
      return false;
    }
    char before = text.charAt(position - 1);
    return Character.isLetterOrDigit(before) || before == '_' || before == '$' || before == '.';
  }
}
