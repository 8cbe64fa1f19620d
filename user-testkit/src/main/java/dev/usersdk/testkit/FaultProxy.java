package dev.usersdk.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy between a connection pool and a database server that injects the fault a retry cannot
 * see through: the connection breaks while a COMMIT is under way. Armed with {@link
 * #dropAnswersToNextCommits(int)}, it lets the next COMMIT through, swallows the server's reply to
 * it and cuts the connection, so the driver reports a broken connection for a transaction the
 * server has in fact committed. Armed with {@link #cutBeforeNextCommits(int)}, it cuts the
 * connection instead of sending the COMMIT: the client sees the same broken connection, and the
 * server rolls the transaction back. It can also cut every connection at once ({@link #cutAll()}).
 *
 * <p>It recognises a commit by the statement text {@code COMMIT} in what the client sends, which is
 * how the MariaDB and PostgreSQL drivers commit ({@code COMMITTED} in an isolation setting does not
 * count). For tests only.
 */
public final class FaultProxy implements AutoCloseable {
  private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern HOST_PORT = Pattern.compile("//[^/:?;]+(:\\d+)?");

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger commitsToDrop = new AtomicInteger();
  private final AtomicInteger commitsToCut = new AtomicInteger();
  private final AtomicInteger answersDropped = new AtomicInteger();
  private volatile boolean closed;

  private FaultProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy on a free loopback port forwarding to the server of {@code jdbcUrl}. */
  public static FaultProxy forUrl(String jdbcUrl) {
    Matcher matcher = HOST_PORT.matcher(jdbcUrl);
    if (!matcher.find()) {
      throw new IllegalArgumentException("no //host:port in the JDBC URL");
    }
    String hostPort = matcher.group().substring(2);
    int colon = hostPort.indexOf(':');
    String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
    int port =
        colon >= 0
            ? Integer.parseInt(hostPort.substring(colon + 1))
            : jdbcUrl.startsWith("jdbc:postgresql:") ? 5432 : 3306;
    try {
      return new FaultProxy(host, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code jdbcUrl} with its host and port replaced by this proxy's. */
  public String url(String jdbcUrl) {
    return HOST_PORT.matcher(jdbcUrl).replaceFirst("//127.0.0.1:" + listener.getLocalPort());
  }

  /**
   * The next {@code commits} COMMITs reach the server; the answers to them are swallowed and their
   * connections cut.
   */
  public void dropAnswersToNextCommits(int commits) {
    commitsToDrop.set(commits);
  }

  /**
   * The next {@code commits} COMMITs never reach the server: their connections are cut instead, and
   * the server rolls their transactions back.
   */
  public void cutBeforeNextCommits(int commits) {
    commitsToCut.set(commits);
  }

  /** How many commit answers were swallowed so far. */
  public int answersDropped() {
    return answersDropped.get();
  }

  /** Cuts every connection through the proxy now; new ones are still accepted. */
  public void cutAll() {
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    cutAll();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        continue; // closed (the loop ends) or one failed accept
      }
      try {
        Socket server = new Socket();
        server.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        open.add(client);
        open.add(server);
        Link link = new Link(client, server);
        start("fault-proxy-up", link::clientToServer);
        start("fault-proxy-down", link::serverToClient);
      } catch (IOException e) {
        closeQuietly(client); // the server is out of reach: so is the proxy, as the driver sees it
      }
    }
  }

  private static void start(String name, Runnable pump) {
    Thread thread = new Thread(pump, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** One proxied connection: two pumps, and whether the answer to its commit is to be dropped. */
  private final class Link {
    private final Socket client;
    private final Socket server;
    private volatile boolean dropNextAnswer;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void clientToServer() {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = client.getInputStream()) {
        OutputStream out = server.getOutputStream();
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (containsCommit(buffer, n)) {
            if (takeOne(commitsToCut)) {
              return; // the COMMIT is never sent; ending the link cuts both sides
            }
            if (takeOne(commitsToDrop)) {
              dropNextAnswer = true;
            }
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side went away: end the link
      } finally {
        end();
      }
    }

    void serverToClient() {
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = server.getInputStream()) {
        OutputStream out = client.getOutputStream();
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (dropNextAnswer) {
            // The server has answered the COMMIT, so it committed; the client never hears it.
            answersDropped.incrementAndGet();
            return;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side went away: end the link
      } finally {
        end();
      }
    }

    private void end() {
      closeQuietly(client);
      closeQuietly(server);
      open.remove(client);
      open.remove(server);
    }
  }

  private static boolean takeOne(AtomicInteger armed) {
    return armed.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0;
  }

  /** Whether the bytes hold the word COMMIT (not COMMITTED, not autocommit). */
  static boolean containsCommit(byte[] bytes, int length) {
    outer:
    for (int i = 0; i + COMMIT.length <= length; i++) {
      for (int j = 0; j < COMMIT.length; j++) {
        if (bytes[i + j] != COMMIT[j]) {
          continue outer;
        }
      }
      boolean letterBefore = i > 0 && Character.isLetter(bytes[i - 1]);
      int after = i + COMMIT.length;
      boolean letterAfter = after < length && Character.isLetter(bytes[after]);
      if (!letterBefore && !letterAfter) {
        return true;
      }
    }
    return false;
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException | RuntimeException e) {
      // closing what is already broken
    }
  }
}
