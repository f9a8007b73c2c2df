// A spare EPUBCheck, left warm by one build for the next (edition/spare.py). Args: the socket's path, the
// seconds to wait, the EPUBs to warm up on (a tiny one, then the last build's). It binds a Unix domain socket at once (so that a build which
// comes while it warms up waits in the backlog), checks the tiny EPUB, then waits for one connection: the
// build that claims it sends one line (EPUBCheck's arguments, tab-separated) and gets back
// "edition-epubcheck-exit N" once the EPUB is checked. It checks one EPUB, then ends; it ends too when nobody
// comes in time, or when the line is empty. Run as a single-file source program (java File.java, Java 16+).
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public class EpubCheckSpare {
    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        long waitMillis = Long.parseLong(args[1]) * 1000L;
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));       // fails if another spare holds the path
        SocketChannel client = null;
        try {
            for (int n = 2; n < args.length; n++) {
                new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {args[n], "--json", "/dev/null"});
            }
            server.configureBlocking(false);
            Selector selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            if (selector.select(waitMillis) > 0) {
                client = server.accept();
            }
        } finally {
            server.close();
            Files.deleteIfExists(socket);                      // claimed or given up: the next build starts its own
        }
        if (client == null) {
            System.exit(0);
        }
        client.configureBlocking(true);
        BufferedReader in = new BufferedReader(
            new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isEmpty()) {
            System.exit(0);
        }
        int code = new com.adobe.epubcheck.tool.EpubChecker().run(line.split("\t"));
        Writer out = new OutputStreamWriter(Channels.newOutputStream(client), StandardCharsets.UTF_8);
        out.write("edition-epubcheck-exit " + code + "\n");
        out.flush();
        System.exit(code);
    }
}
