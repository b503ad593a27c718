/*
 * Google's apksig (the library behind `apksigner verify`, from Debian's apksigner package) in one
 * long-lived JVM, so a batch of signed files is verified without starting a JVM per file.
 * Compiled at first use by online/apk/verify/apksig-build.ts against /usr/share/java/apksig.jar.
 *
 * stdin, one request a line, tab-separated: id, min SDK ("-" for the manifest's), max SDK ("-"
 * for none), path. stdout, one verdict a line, in any order (requests run on a small thread pool):
 * {"id":"..","verified":true|false,"v1":..,"v2":..,"v3":..,"signers":["sha-256 hex"],"errors":[".."]}
 * The verdict is ApkVerifier.Result.isVerified(), which is what decides apksigner verify's exit code.
 * A line that cannot be parsed is answered with verified=false. EOF on stdin ends the process.
 */
import com.android.apksig.ApkVerifier;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

public final class AirsignVerify {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  public static void main(String[] args) throws Exception {
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    out.println("{\"ready\":true}");
    out.flush();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      final String request = line;
      pool.execute(() -> answer(out, request));
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    out.flush();
  }

  private static void answer(PrintStream out, String line) {
    String[] parts = line.split("\t", 4);
    String id = parts.length > 0 ? parts[0] : "";
    String verdict;
    try {
      if (parts.length != 4) throw new IllegalArgumentException("malformed request line");
      verdict = verify(id, parts[1], parts[2], parts[3]);
    } catch (Throwable e) {
      verdict = "{\"id\":" + json(id) + ",\"verified\":false,\"v1\":false,\"v2\":false,\"v3\":false,\"signers\":[],\"errors\":[" + json(describe(e)) + "]}";
    }
    synchronized (out) {
      out.println(verdict);
      out.flush();
    }
  }

  private static String verify(String id, String minSdk, String maxSdk, String path) throws Exception {
    ApkVerifier.Builder builder = new ApkVerifier.Builder(new File(path));
    if (!minSdk.equals("-")) builder.setMinCheckedPlatformVersion(Integer.parseInt(minSdk));
    if (!maxSdk.equals("-")) builder.setMaxCheckedPlatformVersion(Integer.parseInt(maxSdk));
    ApkVerifier.Result result = builder.build().verify();
    List<String> signers = new ArrayList<>();
    for (X509Certificate cert : result.getSignerCertificates()) signers.add(json(sha256(cert.getEncoded())));
    List<String> errors = new ArrayList<>();
    for (ApkVerifier.IssueWithParams issue : result.getAllErrors()) errors.add(json(issue.toString()));
    return "{\"id\":" + json(id) + ",\"verified\":" + result.isVerified()
        + ",\"v1\":" + result.isVerifiedUsingV1Scheme() + ",\"v2\":" + result.isVerifiedUsingV2Scheme() + ",\"v3\":" + result.isVerifiedUsingV3Scheme()
        + ",\"signers\":[" + String.join(",", signers) + "],\"errors\":[" + String.join(",", errors) + "]}";
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String sha256(byte[] data) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
    char[] hex = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 15];
      hex[2 * i + 1] = HEX[digest[i] & 15];
    }
    return new String(hex);
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
