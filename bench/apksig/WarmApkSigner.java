/*
 * The baseline of the warm APK signing benchmark: Google's apksig library (the code behind
 * `apksigner sign`) signing one APK again and again in one JVM, so its time is the signing work
 * alone, with the JIT warmed up, as our in-process loop is measured. Each output is fsynced, as
 * airsign's is. Compiled by bench/apk.bench.ts
 * with javac against /usr/share/java/apksig.jar.
 *
 * Arguments: input output key.pk8 cert.pem v1(true|false) warmups iterations
 * Prints one JSON line: wall and CPU milliseconds of each timed iteration.
 */
import com.android.apksig.ApkSigner;
import java.io.File;
import java.io.FileInputStream;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

public final class WarmApkSigner {
  public static void main(String[] args) throws Exception {
    File input = new File(args[0]);
    File output = new File(args[1]);
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(new File(args[2]).toPath())));
    X509Certificate cert;
    try (FileInputStream in = new FileInputStream(args[3])) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    boolean v1 = Boolean.parseBoolean(args[4]);
    int warmups = Integer.parseInt(args[5]);
    int iterations = Integer.parseInt(args[6]);
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<String> wall = new ArrayList<>();
    List<String> cpu = new ArrayList<>();
    for (int i = 0; i < warmups + iterations; i++) {
      long cpuStart = os.getProcessCpuTime();
      long start = System.nanoTime();
      ApkSigner.SignerConfig config = new ApkSigner.SignerConfig.Builder("KEY", key, List.of(cert)).build();
      new ApkSigner.Builder(List.of(config))
          .setInputApk(input)
          .setOutputApk(output)
          .setV1SigningEnabled(v1)
          .setV2SigningEnabled(true)
          .setV3SigningEnabled(true)
          .setV4SigningEnabled(false)
          .build()
          .sign();
      // Durable, as airsign's output is (it fsyncs before renaming into place).
      try (FileChannel channel = FileChannel.open(output.toPath(), StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      if (i >= warmups) {
        wall.add(String.format(Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e6));
        cpu.add(String.format(Locale.ROOT, "%.3f", (os.getProcessCpuTime() - cpuStart) / 1e6));
      }
    }
    System.out.println("{\"ms\":[" + String.join(",", wall) + "],\"cpuMs\":[" + String.join(",", cpu) + "]}");
  }
}
