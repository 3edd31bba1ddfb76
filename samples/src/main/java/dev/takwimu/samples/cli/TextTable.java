package dev.takwimu.samples.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A table for people: a header, a rule of dashes, numeric columns aligned right and the others left. */
final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private final boolean[] numeric;
  private final Set<Integer> forcedRight = new HashSet<>();

  TextTable(List<String> header) {
    this.header = List.copyOf(header);
    this.numeric = new boolean[header.size()];
    Arrays.fill(numeric, true);
  }

  /** Aligns the column right whatever its values (sizes such as {@code 2.5 KB}). */
  TextTable alignRight(String column) {
    forcedRight.add(header.indexOf(column));
    return this;
  }

  /** Adds a row; a column is aligned right when every value in it is a number (or null). */
  TextTable row(List<?> values) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      Object value = values.get(i);
      numeric[i] &= value == null || value instanceof Number;
      cells.add(Values.display(value));
    }
    rows.add(cells);
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(width));
    }
    printLine(out, header, widths);
    printLine(out, rule, widths);
    rows.forEach(row -> printLine(out, row, widths));
  }

  private void printLine(PrintWriter out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      String pad = " ".repeat(widths[i] - cell.length());
      boolean right = numeric[i] || forcedRight.contains(i);
      line.append(i == 0 ? "" : "  ").append(right ? pad + cell : cell + pad);
    }
    out.println(line.toString().stripTrailing());
  }
}
