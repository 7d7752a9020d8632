package org.elasticsearch.node;

import java.util.Collection;

import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.MockPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

/**
 * A node whose plugins are classes on the classpath (the Netty HTTP module, the cjk analyzer) instead of plugin
 * folders of a packaged distribution.
 *
 * <p>The test framework's {@code MockNode} does the same but goes through {@code ESTestCase}, which needs a
 * randomized-testing runner context on every thread ({@code Randomness.get()} fails outside one). The package is
 * Elasticsearch's because the hook ({@code NodeServiceProvider#newPluginService}) is package-private.
 */
public class ClasspathPluginsNode extends Node {
    public ClasspathPluginsNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
        super(NodeConstruction.prepareConstruction(environment, null, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader loader) {
                return new MockPluginsService(env.settings(), env, plugins);
            }
        }, true));
    }
}
