package cms.esnode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.transport.TransportAddress;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.ClasspathPluginsNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * One single-node cluster on 127.0.0.1 for the search tests: {@code NodeLauncher <home> <url-file> [http-port]}.
 *
 * <p>Data and logs live under {@code home}; HTTP binds the given port (0 or none: a free one), transport a free
 * one, both on loopback only. Once the node has started, its HTTP URL is written to {@code url-file} (atomically,
 * so a reader never sees half of it). SIGTERM closes the node cleanly.
 */
public final class NodeLauncher {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        Path urlFile = Path.of(args[1]).toAbsolutePath();
        String httpPort = args.length > 2 ? args[2] : "0";
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "cms-search-test")
            .put("node.name", "cms-search-test")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", "0")
            // A test node on a shared machine: never block writes because another job filled the disk.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", false)
            .build();
        // Console logging (the script sends it to a log file next to the data); no log4j2.properties needed.
        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(settings);
        Node node = new ClasspathPluginsNode(
            InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "cms-search-test"),
            List.of(Netty4Plugin.class, CjkAnalyzerPlugin.class)
        );
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "close-node"));
        node.start();
        TransportAddress address = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress();
        String url = "http://" + address.getAddress() + ":" + address.getPort();
        Path partial = urlFile.resolveSibling(urlFile.getFileName() + ".tmp");
        Files.writeString(partial, url + "\n", StandardCharsets.UTF_8);
        Files.move(partial, urlFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("Elasticsearch node listening on " + url);
        closed.await();
    }
}
