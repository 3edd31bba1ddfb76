package dev.takwimu.safaricom;

/**
 * Kenyan names for synthetic customers: most people carry a name common in their county's region (Kikuyu names in
 * Central, Luo and Gusii names in Nyanza, Somali names in the north-east...), some moved, Nairobi mixes everyone, and
 * many first names are the Christian or Muslim given names used country-wide.
 */
final class KenyanNames {
  private KenyanNames() {}

  private static final int NAIROBI = 0;
  private static final int NORTH_EASTERN = 3;
  private static final int COMMON = 8;

  /** Region of each county of {@link KenyaCounties#ALL} (the former provinces; 0 is Nairobi). */
  private static final int[] REGION = {
      2, 2, 2, 2, 2, 2, 3, 3, 3, 4,
      4, 4, 4, 4, 4, 4, 4, 1, 1, 1,
      1, 1, 5, 5, 5, 5, 5, 5, 5,
      5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6,
      7, 7, 7, 7, 7, 7, 0};

  private static final byte[][][] FIRST = {
      {}, // Nairobi: drawn from the other regions
      names("Wanjiku", "Njeri", "Wambui", "Wairimu", "Muthoni", "Nyambura", "Wangari", "Kamau", "Mwangi", "Njoroge",
          "Kariuki", "Maina", "Gitau", "Waweru", "Ndungu"),
      names("Kahindi", "Kazungu", "Karisa", "Kadzo", "Mwanaisha", "Chengo", "Zawadi", "Baraka", "Rehema", "Salim",
          "Mwanajuma", "Katana", "Hamisi", "Riziki"),
      names("Abdi", "Fatuma", "Hassan", "Amina", "Mohamed", "Halima", "Ibrahim", "Sahra", "Abdullahi", "Hodan",
          "Yusuf", "Deka", "Ahmed", "Khadija"),
      names("Mutua", "Mueni", "Mwikali", "Musyoka", "Kalunda", "Ndinda", "Mumbua", "Kioko", "Mutuku", "Kinya",
          "Kendi", "Murithi", "Nkatha", "Gatwiri"),
      names("Kiprop", "Chebet", "Kipchoge", "Jepkosgei", "Cherono", "Kibet", "Chepkoech", "Kiptoo", "Jeruto",
          "Kipkemboi", "Naserian", "Lekishon", "Akai", "Ekai"),
      names("Barasa", "Nafula", "Wekesa", "Nekesa", "Wafula", "Naliaka", "Simiyu", "Nasimiyu", "Makokha", "Khisa",
          "Mukhwana", "Nanjala"),
      names("Otieno", "Achieng", "Omondi", "Akinyi", "Onyango", "Adhiambo", "Ochieng", "Atieno", "Awino", "Odhiambo",
          "Moraa", "Kerubo", "Nyaboke", "Bosibori"),
      names("Grace", "Mary", "John", "Peter", "Faith", "Joseph", "David", "Esther", "James", "Mercy", "Brian", "Kevin",
          "Ann", "Jane", "Daniel", "Samuel", "Sharon", "Dennis", "Caroline", "Purity", "Lucy", "Stephen", "Collins",
          "Ruth", "Eunice", "Victor", "Joyce", "Paul", "Beatrice", "George")};

  private static final byte[][][] LAST = {
      {},
      names("Kamau", "Mwangi", "Njoroge", "Kariuki", "Maina", "Gitau", "Kimani", "Macharia", "Ndungu", "Waweru",
          "Githinji", "Kinyua", "Wanjiru", "Mugo", "Muriuki"),
      names("Kahindi", "Kazungu", "Karisa", "Katana", "Baya", "Chengo", "Mwadime", "Mwakio", "Mwinyi", "Salim",
          "Mohamed", "Omar", "Kenga", "Charo"),
      names("Abdullahi", "Hussein", "Omar", "Ali", "Mohamud", "Adan", "Farah", "Ibrahim", "Hassan", "Abdi", "Noor",
          "Dahir"),
      names("Musyoka", "Mutiso", "Mutua", "Kioko", "Muema", "Nzioka", "Kilonzo", "Mwende", "Ndunge", "Kirimi",
          "Mbaabu", "Murithi", "Njiru", "Mugambi"),
      names("Kiplagat", "Rotich", "Korir", "Cheruiyot", "Kibet", "Langat", "Koech", "Kirui", "Ruto", "Kosgei", "Sang",
          "Ole Sankale", "Lokorio", "Lemayian"),
      names("Wafula", "Wanyama", "Barasa", "Simiyu", "Wekesa", "Makokha", "Wanjala", "Juma", "Shikuku", "Masinde",
          "Khaemba", "Wesonga", "Namwamba"),
      names("Odhiambo", "Otieno", "Onyango", "Ouma", "Okoth", "Owino", "Ochieng", "Oduor", "Omondi", "Were",
          "Nyakundi", "Ondieki", "Momanyi", "Mogaka")};

  private static byte[][] names(String... names) {
    byte[][] bytes = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      bytes[i] = AsciiLines.ascii(names[i]);
    }
    return bytes;
  }

  /** A name for someone registered in the county: two codes, first and last, for {@link #write}. */
  static void pick(Draws random, int county, int[] codes) {
    int region = REGION[county];
    if (region == NAIROBI || random.uniform() < 0.15) {
      region = 1 + random.below(7);
    }
    int firstPool = region != NORTH_EASTERN && random.uniform() < 0.45 ? COMMON : region;
    codes[0] = firstPool << 8 | random.below(FIRST[firstPool].length);
    codes[1] = region << 8 | random.below(LAST[region].length);
  }

  static void write(AsciiLines out, int firstCode, int lastCode) {
    out.add(FIRST[firstCode >>> 8][firstCode & 0xff]).add(' ').add(LAST[lastCode >>> 8][lastCode & 0xff]);
  }
}
