package dev.takwimu.aws.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Rewrites calls of a few named functions in SQL text, leaving string literals ({@code '...'}, {@code U&'...'}),
 * quoted identifiers ({@code "..."}) and line and block comments untouched. A call is a bare
 * (unqualified, unquoted) function name, optional whitespace, then a parenthesised argument list; arguments are
 * rewritten first, so nested calls work.
 */
final class SqlCalls {
  private final Set<String> functions;
  /** Given the lower-case function name and its (already rewritten) top-level arguments, the replacement text. */
  private final BiFunction<String, List<String>, String> rewrite;

  SqlCalls(Set<String> functions, BiFunction<String, List<String>, String> rewrite) {
    this.functions = functions;
    this.rewrite = rewrite;
  }

  String rewrite(String sql) {
    StringBuilder out = new StringBuilder(sql.length() * 2);
    int i = 0;
    while (i < sql.length()) {
      int skipped = skipQuotedOrComment(sql, i);
      if (skipped > i) {
        out.append(sql, i, skipped);
        i = skipped;
        continue;
      }
      char c = sql.charAt(i);
      if (!isIdentifierStart(c) || (i > 0 && isIdentifierPartOrDot(sql.charAt(i - 1)))) {
        out.append(c);
        i++;
        continue;
      }
      int end = i;
      while (end < sql.length() && isIdentifierPart(sql.charAt(end))) {
        end++;
      }
      String name = sql.substring(i, end).toLowerCase(Locale.ROOT);
      int open = end;
      while (open < sql.length() && Character.isWhitespace(sql.charAt(open))) {
        open++;
      }
      if (!functions.contains(name) || open >= sql.length() || sql.charAt(open) != '(') {
        out.append(sql, i, end);
        i = end;
        continue;
      }
      List<String> arguments = new ArrayList<>();
      int close = arguments(sql, open, arguments);
      List<String> rewritten = new ArrayList<>(arguments.size());
      for (String argument : arguments) {
        rewritten.add(rewrite(argument));
      }
      out.append(rewrite.apply(name, rewritten));
      i = close + 1;
    }
    return out.toString();
  }

  /** Whether {@code sql} holds a {@code ?} placeholder outside literals, quoted identifiers and comments. */
  static boolean hasPlaceholder(String sql) {
    int i = 0;
    while (i < sql.length()) {
      int skipped = skipQuotedOrComment(sql, i);
      if (skipped > i) {
        i = skipped;
      } else if (sql.charAt(i++) == '?') {
        return true;
      }
    }
    return false;
  }

  /**
   * Replaces the {@code ?} placeholders outside literals, quoted identifiers and comments with the given SQL texts,
   * in order; a space goes before one that follows a {@code -}, so that {@code -?} with {@code -1} does not become the
   * comment {@code --1}.
   *
   * @throws IllegalArgumentException if the number of texts differs from the number of placeholders
   */
  static String replacePlaceholders(String sql, List<String> texts) {
    StringBuilder out = new StringBuilder(sql.length());
    int next = 0;
    int i = 0;
    while (i < sql.length()) {
      int skipped = skipQuotedOrComment(sql, i);
      if (skipped > i) {
        out.append(sql, i, skipped);
        i = skipped;
        continue;
      }
      char c = sql.charAt(i++);
      if (c != '?') {
        out.append(c);
        continue;
      }
      if (next == texts.size()) {
        throw new IllegalArgumentException("More ? placeholders than the " + texts.size() + " values given");
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) == '-') {
        out.append(' ');
      }
      out.append(texts.get(next++));
    }
    if (next != texts.size()) {
      throw new IllegalArgumentException(texts.size() + " values given for " + next + " ? placeholders");
    }
    return out.toString();
  }

  /** Words that start a clause; a placeholder belongs to the last one before it at its depth or an outer one. */
  private static final Set<String> CLAUSES = Set.of("select", "from", "where", "group", "having", "order", "limit",
      "offset", "fetch", "on", "using", "join", "values", "set", "window", "union", "intersect", "except", "with",
      "into", "to", "table");

  /**
   * For each {@code ?} placeholder outside literals, quoted identifiers and comments, in order: whether it stands in
   * a WHERE clause, directly or inside parentheses within one ({@code WHERE a IN (?, ?)}); a subquery's own clauses
   * count for what is inside it ({@code WHERE EXISTS (SELECT ? ...)} is in a select list).
   */
  static List<Boolean> placeholdersInWhere(String sql) {
    List<Boolean> placements = new ArrayList<>();
    List<String> clauses = new ArrayList<>();
    clauses.add(null);
    scan(sql, (kind, word) -> {
      switch (kind) {
        case OPEN -> clauses.add(null);
        case CLOSE -> {
          if (clauses.size() > 1) {
            clauses.remove(clauses.size() - 1);
          }
        }
        case PLACEHOLDER -> {
          String clause = null;
          for (int d = clauses.size() - 1; d >= 0 && clause == null; d--) {
            clause = clauses.get(d);
          }
          placements.add("where".equals(clause));
        }
        case WORD -> {
          String lower = word.toLowerCase(Locale.ROOT);
          if (CLAUSES.contains(lower)) {
            clauses.set(clauses.size() - 1, lower);
          }
        }
      }
      return true;
    });
    return placements;
  }

  /** Whether {@code word} (case-insensitive) occurs as a bare word at parenthesis depth 0 of {@code sql}. */
  static boolean hasTopLevelWord(String sql, String word) {
    int[] depth = {0};
    boolean[] found = {false};
    scan(sql, (kind, text) -> {
      switch (kind) {
        case OPEN -> depth[0]++;
        case CLOSE -> depth[0]--;
        case WORD -> found[0] = depth[0] == 0 && text.equalsIgnoreCase(word);
        default -> { }
      }
      return !found[0];
    });
    return found[0];
  }

  private enum Token { OPEN, CLOSE, WORD, PLACEHOLDER }

  /** Receives the tokens of {@link #scan}; returns false to stop. */
  private interface TokenVisitor {
    boolean visit(Token kind, String word);
  }

  /**
   * Calls the visitor for each parenthesis, bare word and {@code ?} of {@code sql} outside literals, quoted
   * identifiers and comments, in order, until it returns false.
   */
  private static void scan(String sql, TokenVisitor visitor) {
    int i = 0;
    while (i < sql.length()) {
      int skipped = skipQuotedOrComment(sql, i);
      if (skipped > i) {
        i = skipped;
        continue;
      }
      char c = sql.charAt(i);
      boolean go = true;
      if (c == '(') {
        go = visitor.visit(Token.OPEN, null);
      } else if (c == ')') {
        go = visitor.visit(Token.CLOSE, null);
      } else if (c == '?') {
        go = visitor.visit(Token.PLACEHOLDER, null);
      } else if (isIdentifierStart(c) && (i == 0 || !isIdentifierPartOrDot(sql.charAt(i - 1)))) {
        int end = i;
        while (end < sql.length() && isIdentifierPart(sql.charAt(end))) {
          end++;
        }
        if (!visitor.visit(Token.WORD, sql.substring(i, end))) {
          return;
        }
        i = end;
        continue;
      }
      if (!go) {
        return;
      }
      i++;
    }
  }

  /** Splits the argument list opening at {@code open} at its top-level commas; returns the closing parenthesis. */
  private static int arguments(String sql, int open, List<String> arguments) {
    int depth = 0;
    int start = open + 1;
    int i = open;
    while (i < sql.length()) {
      int skipped = skipQuotedOrComment(sql, i);
      if (skipped > i) {
        i = skipped;
        continue;
      }
      char c = sql.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        if (!(arguments.isEmpty() && sql.substring(start, i).isBlank())) {
          arguments.add(sql.substring(start, i));
        }
        return i;
      } else if (c == ',' && depth == 1) {
        arguments.add(sql.substring(start, i));
        start = i + 1;
      }
      i++;
    }
    throw new IllegalArgumentException("Unbalanced parentheses in SQL after position " + open + ": "
        + sql.substring(open, Math.min(sql.length(), open + 60)));
  }

  /** The position after the literal, quoted identifier or comment starting at {@code i}, or {@code i} if none does. */
  private static int skipQuotedOrComment(String sql, int i) {
    char c = sql.charAt(i);
    if (c == '\'' || c == '"') {
      int j = i + 1;
      while (j < sql.length()) {
        if (sql.charAt(j) == c) {
          if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
            j += 2;
            continue;
          }
          return j + 1;
        }
        j++;
      }
      throw new IllegalArgumentException("Unterminated " + (c == '\'' ? "string literal" : "quoted identifier")
          + " in SQL at position " + i);
    }
    if (sql.startsWith("--", i)) {
      int end = sql.indexOf('\n', i);
      return end < 0 ? sql.length() : end + 1;
    }
    if (sql.startsWith("/*", i)) {
      int end = sql.indexOf("*/", i + 2);
      if (end < 0) {
        throw new IllegalArgumentException("Unterminated comment in SQL at position " + i);
      }
      return end + 2;
    }
    return i;
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
  }

  private static boolean isIdentifierPartOrDot(char c) {
    return isIdentifierPart(c) || c == '.' || c == '"';
  }
}
