package chokepoint.config;

/**
 * @param host      address the web server binds to
 * @param port      its port (0 picks a free one)
 * @param publicUrl how people reach the page; used in links inside Slack messages
 */
public record HttpSettings(String host, int port, String publicUrl) {
}
