package kaoping.events;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps webhooks away from the server's own network (SSRF): a URL whose host resolves to a loopback, link-local,
 * private (site-local, unique-local), wildcard or multicast address is refused, unless the operator allows the host
 * by name or the address by CIDR ({@code kaoping.webhooks.allowed-hosts}). Asked at registration and again before
 * every delivery, after resolving, since DNS can change in between.
 */
@ApplicationScoped
public class AddressGuard {
    private final List<String> allowed;

    public AddressGuard(@ConfigProperty(name = "kaoping.webhooks.allowed-hosts") Optional<List<String>> allowed) {
        this.allowed = allowed.orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** Why the URL may not be called, or empty when it may. */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("not a URL");
        }
        if (uri.getScheme() == null || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null || uri.getUserInfo() != null) {
            return Optional.of("an http or https URL with a host and no user info");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (allowed.contains(host)) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (internal(address) && allowed.stream().noneMatch(a -> a.contains("/") && inCidr(address, a))) {
                    return Optional.of(host + " resolves to " + address.getHostAddress()
                            + ", an internal address (allow it with KAOPING_WEBHOOK_ALLOWED_HOSTS)");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of(host + " does not resolve");
        }
        return Optional.empty();
    }

    private static boolean internal(InetAddress a) {
        byte[] b = a.getAddress();
        boolean uniqueLocal = b.length == 16 && (b[0] & 0xfe) == 0xfc; // fc00::/7
        return a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress() || uniqueLocal;
    }

    private static boolean inCidr(InetAddress address, String cidr) {
        String[] parts = cidr.split("/");
        try {
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            byte[] addr = address.getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (net.length != addr.length || bits < 0 || bits > net.length * 8) {
                return false;
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(net.length * 8).subtract(BigInteger.ONE)
                    .shiftRight(bits).not();
            return new BigInteger(1, net).and(mask).equals(new BigInteger(1, addr).and(mask));
        } catch (UnknownHostException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }
}
