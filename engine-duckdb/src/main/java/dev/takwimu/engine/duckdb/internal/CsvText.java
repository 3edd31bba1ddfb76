package dev.takwimu.engine.duckdb.internal;

import dev.takwimu.core.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One streaming pass over a delimited file, before the engine parses it, refusing what the engine would report without
 * a usable line: bytes that are not UTF-8 (anywhere in the file), UTF-16, line endings that change within the file,
 * and a quoted field that is never closed. Quotes are RFC 4180 ones ({@code "}, doubled inside a quoted field).
 */
public final class CsvText {
  private static final int LF = 1;
  private static final int CRLF = 2;
  private static final int CR = 3;

  private final String prefix;
  private final byte delimiter;
  private long offset;
  private long line = 1;
  private int ending;
  // UTF-8: continuation bytes still expected, the allowed range of the next one, the sequence's lead and offset
  private int pending;
  private int low = 0x80;
  private int high = 0xBF;
  private int lead;
  private long leadOffset;
  private long leadLine;
  // quoting: inside a quoted field, a quote just seen inside one, at the start of a field, a CR just seen outside
  private boolean quoted;
  private boolean quoteSeen;
  private boolean fieldStart = true;
  private boolean crSeen;
  private boolean crCr;
  private long quoteLine;

  private CsvText(String prefix, char delimiter) {
    this.prefix = prefix;
    this.delimiter = delimiter < 0x80 ? (byte) delimiter : 0;
  }

  /**
   * Reads the whole file once.
   *
   * @param prefix the start of every message, e.g. {@code "Cannot ingest a.csv into raw/x: "}
   * @throws InvalidInputException naming the line (and for encoding problems the byte offset) and the fix
   */
  public static void check(Path file, char delimiter, String prefix) {
    CsvText scan = new CsvText(prefix, delimiter);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      boolean first = true;
      for (int n; (n = in.read(buffer)) > 0; ) {
        if (first) {
          scan.utf16(buffer, n);
          first = false;
        }
        scan.scan(buffer, n);
      }
    } catch (IOException e) {
      throw new InvalidInputException(prefix + "cannot read it (" + e.getMessage() + ")", e);
    }
    scan.finish();
  }

  private void utf16(byte[] b, int n) {
    boolean bom = n >= 2
        && ((b[0] == (byte) 0xFF && b[1] == (byte) 0xFE) || (b[0] == (byte) 0xFE && b[1] == (byte) 0xFF));
    boolean nul = (n >= 1 && b[0] == 0) || (n >= 2 && b[1] == 0);
    if (bom || nul) {
      throw new InvalidInputException(prefix + "the file is UTF-16 text, not UTF-8; save it as UTF-8");
    }
  }

  private void scan(byte[] b, int n) {
    for (int i = 0; i < n; i++, offset++) {
      int c = b[i] & 0xFF;
      if (pending > 0) {
        if (c < low || c > high) {
          notUtf8();
        }
        pending--;
        low = 0x80;
        high = 0xBF;
        continue;
      }
      if (crSeen) {
        if (c == '\n') {
          if (crCr) {
            throw new InvalidInputException(prefix + "line " + line + " ends in CR CR LF (\\r\\r\\n); save the file"
                + " with LF or CRLF line endings");
          }
          ending(CRLF);
          line++;
          crSeen = false;
          continue;
        }
        if (c == '\r' && !crCr) {
          crCr = true;
          continue;
        }
        ending(CR);
        line++;
        if (crCr) {
          ending(CR);
          line++;
          crCr = false;
        }
        crSeen = false;
      }
      if (quoteSeen) {
        quoteSeen = false;
        if (c == '"') {
          continue;
        }
        quoted = false;
      }
      if (c >= 0x80) {
        lead(c);
      } else if (quoted) {
        if (c == '"') {
          quoteSeen = true;
        } else if (c == '\n') {
          line++;
        }
      } else if (c == '"' && fieldStart) {
        quoted = true;
        quoteLine = line;
        fieldStart = false;
      } else if (c == '\r') {
        crSeen = true;
        fieldStart = true;
      } else if (c == '\n') {
        ending(LF);
        line++;
        fieldStart = true;
      } else {
        fieldStart = c == delimiter;
      }
    }
  }

  private void lead(int c) {
    lead = c;
    leadOffset = offset;
    leadLine = line;
    if (c >= 0xC2 && c <= 0xDF) {
      pending = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      pending = 2;
      low = c == 0xE0 ? 0xA0 : 0x80;
      high = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      pending = 3;
      low = c == 0xF0 ? 0x90 : 0x80;
      high = c == 0xF4 ? 0x8F : 0xBF;
    } else {
      notUtf8();
    }
    if (!quoted) {
      fieldStart = false;
    }
  }

  private void ending(int kind) {
    if (ending == 0) {
      ending = kind;
    } else if (kind != ending) {
      throw new InvalidInputException(String.format("%sline %d ends in %s but the lines before it end in %s; mixed"
          + " line endings are not supported, save the file with one kind of line ending", prefix, line, name(kind),
          name(ending)));
    }
  }

  private static String name(int kind) {
    return kind == LF ? "LF" : kind == CRLF ? "CRLF" : "CR";
  }

  private void notUtf8() {
    throw new InvalidInputException(String.format("%sline %d is not UTF-8 text (byte 0x%02X at byte offset %d); the"
        + " file may be Latin-1 or Windows-1252, save it as UTF-8", prefix, leadLine, lead, leadOffset));
  }

  private void finish() {
    if (pending > 0) {
      notUtf8();
    }
    if (crSeen) {
      ending(CR);
      if (crCr) {
        ending(CR);
      }
    }
    if (quoted && !quoteSeen) {
      throw new InvalidInputException(String.format(
          "%sthe quoted field that starts on line %d is never closed (a missing \")", prefix, quoteLine));
    }
  }
}
