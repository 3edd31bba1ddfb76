package dev.takwimu.safaricom;

import java.util.List;

/** Kenya's 47 counties, as named in the 2010 Constitution's First Schedule, with their 2019 census populations. */
public final class KenyaCounties {
  private KenyaCounties() {}

  public static final List<String> ALL = List.of(
      "Mombasa", "Kwale", "Kilifi", "Tana River", "Lamu", "Taita Taveta", "Garissa", "Wajir", "Mandera", "Marsabit",
      "Isiolo", "Meru", "Tharaka Nithi", "Embu", "Kitui", "Machakos", "Makueni", "Nyandarua", "Nyeri", "Kirinyaga",
      "Murang'a", "Kiambu", "Turkana", "West Pokot", "Samburu", "Trans Nzoia", "Uasin Gishu", "Elgeyo Marakwet", "Nandi",
      "Baringo", "Laikipia", "Nakuru", "Narok", "Kajiado", "Kericho", "Bomet", "Kakamega", "Vihiga", "Bungoma", "Busia",
      "Siaya", "Kisumu", "Homa Bay", "Migori", "Kisii", "Nyamira", "Nairobi");

  /** Population per county in the 2019 Kenya Population and Housing Census (rounded to thousands), in ALL's order. */
  static final int[] POPULATION_2019 = {
      1_208_000, 867_000, 1_454_000, 316_000, 144_000, 341_000, 841_000, 781_000, 867_000, 460_000,
      268_000, 1_546_000, 393_000, 609_000, 1_136_000, 1_422_000, 988_000, 638_000, 759_000, 610_000,
      1_057_000, 2_418_000, 927_000, 621_000, 310_000, 991_000, 1_163_000, 454_000, 886_000,
      667_000, 519_000, 2_162_000, 1_158_000, 1_118_000, 902_000, 876_000, 1_868_000, 590_000, 1_671_000, 894_000,
      993_000, 1_156_000, 1_132_000, 1_116_000, 1_267_000, 606_000, 4_397_000};

  /**
   * The county's population in the 2019 census, rounded to thousands (Nairobi: 4,397,000).
   *
   * @throws IllegalArgumentException when {@code county} is not one of {@link #ALL} (exact spelling)
   */
  public static int population2019(String county) {
    int index = ALL.indexOf(county);
    if (index < 0) {
      throw new IllegalArgumentException("Not a Kenyan county: '" + county + "' (expected one of KenyaCounties.ALL)");
    }
    return POPULATION_2019[index];
  }
}
