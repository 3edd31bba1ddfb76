package dev.takwimu.safaricom;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A growable byte buffer of ASCII CSV text with the few formats the synthetic exports need, written by hand: no
 * {@code String.format}, no charset encoding, no garbage per value.
 */
final class AsciiLines {
  private byte[] bytes;
  private int size;

  AsciiLines(int capacity) {
    bytes = new byte[Math.max(64, capacity)];
  }

  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  AsciiLines add(byte[] text) {
    ensure(text.length);
    System.arraycopy(text, 0, bytes, size, text.length);
    size += text.length;
    return this;
  }

  AsciiLines add(char c) {
    ensure(1);
    bytes[size++] = (byte) c;
    return this;
  }

  AsciiLines comma() {
    return add(',');
  }

  AsciiLines newline() {
    return add('\n');
  }

  /** {@code prefix} then {@code number} left-padded with zeros to {@code width} digits, e.g. {@code C0000042}. */
  AsciiLines id(char prefix, long number, int width) {
    int total = 1 + Math.max(width, digits(number));
    ensure(total);
    bytes[size] = (byte) prefix;
    int end = size + total;
    int at = writeDigits(number, end);
    while (at > size + 1) {
      bytes[--at] = '0';
    }
    size = end;
    return this;
  }

  /** An amount in cents as KES with two decimals: {@code 14505} is {@code 145.05}. */
  AsciiLines money(long cents) {
    long whole = cents / 100;
    int fraction = (int) (cents - whole * 100);
    int end = size + digits(whole);
    ensure(end - size + 3);
    writeDigits(whole, end);
    bytes[end] = '.';
    bytes[end + 1] = (byte) ('0' + fraction / 10);
    bytes[end + 2] = (byte) ('0' + fraction % 10);
    size = end + 3;
    return this;
  }

  /** {@code YYYY-MM-DD} of an epoch day, from the precomputed table. */
  AsciiLines date(Days days, int epochDay) {
    ensure(10);
    System.arraycopy(days.text, (epochDay - days.first) * 10, bytes, size, 10);
    size += 10;
    return this;
  }

  /** {@code HH:MM:SS} of a second of the day. */
  AsciiLines time(int secondOfDay) {
    ensure(8);
    two(secondOfDay / 3600);
    bytes[size++] = ':';
    two(secondOfDay / 60 % 60);
    bytes[size++] = ':';
    two(secondOfDay % 60);
    return this;
  }

  private void two(int value) {
    bytes[size++] = (byte) ('0' + value / 10);
    bytes[size++] = (byte) ('0' + value % 10);
  }

  /** Writes the digits of {@code number} so that the last lands just before {@code end}; returns the first's index. */
  private int writeDigits(long number, int end) {
    int at = end;
    while (number > Integer.MAX_VALUE) {
      bytes[--at] = (byte) ('0' + number % 10);
      number /= 10;
    }
    int small = (int) number; // int division: a multiplication once compiled
    do {
      bytes[--at] = (byte) ('0' + small % 10);
      small /= 10;
    } while (small != 0);
    return at;
  }

  private static int digits(long number) {
    if (number < 100_000) {
      return number < 10 ? 1 : number < 100 ? 2 : number < 1000 ? 3 : number < 10_000 ? 4 : 5;
    }
    int digits = 6;
    for (long limit = 1_000_000; number >= limit && digits < 19; limit *= 10) {
      digits++;
    }
    return digits;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  /** {@code YYYY-MM-DD} of every day in a range, computed once. */
  static final class Days {
    final int first;
    final int last;
    final byte[] text;

    Days(int first, int last) {
      this.first = first;
      this.last = last;
      this.text = new byte[(last - first + 1) * 10];
      LocalDate day = LocalDate.ofEpochDay(first);
      for (int i = 0; i <= last - first; i++, day = day.plusDays(1)) {
        int at = i * 10;
        int year = day.getYear();
        for (int d = 3; d >= 0; d--) {
          text[at + d] = (byte) ('0' + year % 10);
          year /= 10;
        }
        text[at + 4] = '-';
        text[at + 5] = (byte) ('0' + day.getMonthValue() / 10);
        text[at + 6] = (byte) ('0' + day.getMonthValue() % 10);
        text[at + 7] = '-';
        text[at + 8] = (byte) ('0' + day.getDayOfMonth() / 10);
        text[at + 9] = (byte) ('0' + day.getDayOfMonth() % 10);
      }
    }
  }
}
