package shootdown.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/** Renders the report templates under {@code src/main/resources/shootdown/report/}. */
final class Templates {
    private static final String ROOT = "shootdown/report";

    /** HTML-escaping, as mustache does by default. */
    private static final MustacheFactory HTML = new DefaultMustacheFactory(ROOT);

    /** Markdown: no HTML escaping, but a value must not break out of its table cell. */
    private static final MustacheFactory MARKDOWN = new DefaultMustacheFactory(ROOT) {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value.replace("|", "\\|").replace("\r", "").replace("\n", " "));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private Templates() {
    }

    static String html(String template, Object scope) {
        return render(HTML, template, scope);
    }

    static String markdown(String template, Object scope) {
        return render(MARKDOWN, template, scope);
    }

    private static String render(MustacheFactory factory, String template, Object scope) {
        StringWriter out = new StringWriter();
        factory.compile(template).execute(out, scope);
        return out.toString();
    }
}
