package cms.esnode;

import java.util.List;

import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * The built-in {@code cjk} analyzer the search mapping names, for a node started from Maven Central artifacts.
 *
 * <p>In a packaged Elasticsearch it comes from the analysis-common module, which Elastic does not publish to Maven
 * Central. That module's prebuilt {@code cjk} analyzer is Lucene's {@link CJKAnalyzer} with its default stop words
 * (bigrams of Han, Hiragana, Katakana and Hangul, width folding, lower case); this registers the same Lucene class
 * under the same name, and nothing else.
 */
public class CjkAnalyzerPlugin extends Plugin implements AnalysisPlugin {
    @Override
    public List<PreBuiltAnalyzerProviderFactory> getPreBuiltAnalyzerProviderFactories() {
        return List.of(new PreBuiltAnalyzerProviderFactory("cjk", CachingStrategy.LUCENE, CJKAnalyzer::new));
    }
}
