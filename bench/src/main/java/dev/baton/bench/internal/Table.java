package dev.baton.bench.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One result table: a title, column headers, rows of cells (numbers or text; the first cell names
 * the row), and notes. Tables of repeated runs of the same case combine into their medians.
 */
public final class Table {

  private final String id;
  private final String title;
  private final List<String> headers;
  private final List<List<Object>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** An empty table; {@code id} names it for {@link #value}. */
  public Table(String id, String title, String... headers) {
    this.id = id;
    this.title = title;
    this.headers = List.of(headers);
  }

  /** Adds a row; the cells match the headers. */
  public Table row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "a row of " + id + " needs " + headers.size() + " cells, got " + cells.length);
    }
    rows.add(Arrays.asList(cells));
    return this;
  }

  /** Adds a note printed under the table. */
  public Table note(String note) {
    notes.add(note);
    return this;
  }

  /** The table's id. */
  public String id() {
    return id;
  }

  /** The table's title. */
  String title() {
    return title;
  }

  /** The column headers. */
  List<String> headers() {
    return headers;
  }

  /** The rows, each a list of cells. */
  List<List<Object>> rows() {
    return List.copyOf(rows);
  }

  /** The notes printed under the table. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  /** The number in {@code column} of the row named {@code row}, or NaN. */
  public double value(String row, String column) {
    return cell(row, column) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** The cell of {@code row} (by its first cell) and {@code column}, or null if there is none. */
  public Object cell(String row, String column) {
    int col = headers.indexOf(column);
    for (List<Object> cells : rows) {
      if (col >= 0 && Objects.equals(String.valueOf(cells.get(0)), row)) {
        return cells.get(col);
      }
    }
    return null;
  }

  /**
   * The median of each numeric cell over {@code runs} of the same table (same rows and columns);
   * text cells and notes come from the first run. A row is matched across runs by its first cell,
   * so that cases whose rows come in another order each run (variants in alternating order) take
   * each row's median over the same row; rows whose first cell repeats are matched by position.
   */
  public static Table median(List<Table> runs) {
    Table first = runs.getFirst();
    if (runs.size() == 1) {
      return first;
    }
    Table median = new Table(first.id, first.title, first.headers.toArray(String[]::new));
    for (int r = 0; r < first.rows.size(); r++) {
      Object[] cells = new Object[first.headers.size()];
      for (int c = 0; c < cells.length; c++) {
        cells[c] = medianCell(runs, r, c);
      }
      median.row(cells);
    }
    median.notes.addAll(first.notes);
    return median;
  }

  private static Object medianCell(List<Table> runs, int row, int col) {
    List<Double> values = new ArrayList<>();
    Object name = runs.getFirst().rows.get(row).get(0);
    for (Table run : runs) {
      int same = run.rowNamed(name, row);
      if (same < run.rows.size() && run.rows.get(same).get(col) instanceof Number n) {
        values.add(n.doubleValue());
      }
    }
    Object first = runs.getFirst().rows.get(row).get(col);
    if (!(first instanceof Number) || values.isEmpty()) {
      return first;
    }
    values.sort(Double::compare);
    double median =
        values.size() % 2 == 1
            ? values.get(values.size() / 2)
            : (values.get(values.size() / 2 - 1) + values.get(values.size() / 2)) / 2;
    return first instanceof Long || first instanceof Integer ? (Object) Math.round(median) : median;
  }

  /** The index of the one row whose first cell is {@code name}, or {@code otherwise}. */
  private int rowNamed(Object name, int otherwise) {
    int found = -1;
    for (int r = 0; r < rows.size(); r++) {
      if (Objects.equals(rows.get(r).get(0), name)) {
        if (found >= 0) {
          return otherwise;
        }
        found = r;
      }
    }
    return found >= 0 ? found : otherwise;
  }

  /** The table as Markdown: a heading, the table, the notes. */
  public String markdown() {
    StringBuilder out = new StringBuilder("### ").append(title).append("\n\n");
    out.append("| ").append(String.join(" | ", headers)).append(" |\n");
    out.append("|").append("---|".repeat(headers.size())).append("\n");
    for (List<Object> cells : rows) {
      out.append("| ")
          .append(String.join(" | ", cells.stream().map(Table::format).toList()))
          .append(" |\n");
    }
    for (String note : notes) {
      out.append("\n").append(note).append("\n");
    }
    return out.toString();
  }

  /** The table as aligned plain text for the console. */
  public String text() {
    List<List<String>> lines = new ArrayList<>();
    lines.add(headers);
    rows.forEach(cells -> lines.add(cells.stream().map(Table::format).toList()));
    int[] widths = new int[headers.size()];
    for (List<String> line : lines) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], line.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder("== ").append(title).append("\n");
    for (List<String> line : lines) {
      for (int c = 0; c < widths.length; c++) {
        String cell = line.get(c);
        out.append(c == 0 ? pad(cell, widths[c]) : padLeft(cell, widths[c])).append("  ");
      }
      out.append("\n");
    }
    notes.forEach(note -> out.append("   ").append(note).append("\n"));
    return out.toString();
  }

  /** Numbers with at most one decimal (two below 10), thousands without separators. */
  static String format(Object cell) {
    if (cell instanceof Double d) {
      if (d.isNaN()) {
        return "-";
      }
      return String.format(Locale.ROOT, Math.abs(d) < 10 ? "%.2f" : "%.1f", d);
    }
    return String.valueOf(cell);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String padLeft(String s, int width) {
    return " ".repeat(width - s.length()) + s;
  }
}
