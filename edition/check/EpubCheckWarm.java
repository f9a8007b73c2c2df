// EPUBCheck started before the EPUB exists (edition/validate.py, WarmEpubCheck): most of a run is the JVM's
// start-up and the loading of EPUBCheck's schemas, so this checks EPUBs to warm up on first (args: a report
// path, then the EPUBs: a tiny one, and perhaps the last build's), then waits for one line on standard input
// (EPUBCheck's arguments, tab-separated), checks that EPUB and prints "edition-epubcheck-exit N". Run as a
// single-file source program (java File.java).
public class EpubCheckWarm {
    public static void main(String[] args) throws Exception {
        for (int n = 1; n < args.length; n++) {
            new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {args[n], "--json", args[0]});
        }
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, "UTF-8"));
        String line = in.readLine();
        if (line == null) {
            System.exit(0);
        }
        int code = new com.adobe.epubcheck.tool.EpubChecker().run(line.split("\t"));
        System.out.println("edition-epubcheck-exit " + code);
        System.out.flush();
        System.exit(code);
    }
}
