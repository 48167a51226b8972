using VectorReindex.LocalNode.Faults;

namespace VectorReindex.LocalNode;

/// <summary>How a local node starts: where it listens, whether it persists, whether it asks for credentials.</summary>
public sealed class LocalNodeOptions
{
    /// <summary>Address to bind; loopback unless the operator says otherwise.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 9200;

    /// <summary>Data directory for the write-ahead log and snapshots; null keeps everything in memory.</summary>
    public string? DataPath { get; set; }

    /// <summary>
    /// Start even when the data directory is damaged: drop each damaged file from the damage on (keeping
    /// a copy), fall back to the newest complete snapshot when the checkpoint is unreadable, and report
    /// what was dropped. Without it, damage stops the start with a message saying where it is.
    /// </summary>
    public bool Recover { get; set; }

    /// <summary>With <see cref="Password"/>, turns on basic authentication.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>An accepted API key (the encoded form sent after "ApiKey ").</summary>
    public string? ApiKey { get; set; }

    public string NodeName { get; set; } = "localnode-1";

    public string ClusterName { get; set; } = "vectorreindex-local";

    /// <summary>
    /// As Elasticsearch's action.destructive_requires_name (true by default since 8.0): refuse deleting
    /// indices by wildcard or _all. Elasticsearch's own REST test clusters run with it false.
    /// </summary>
    public bool DestructiveRequiresName { get; set; } = true;

    /// <summary>Faults to inject from the start (also settable at run time through /_localnode/faults).</summary>
    public FaultSettings? Faults { get; set; }

    /// <summary>Largest accepted request body (http.max_content_length, 100 MB); larger ones get 413.</summary>
    public long MaxContentLength { get; set; } = 100L * 1024 * 1024;

    /// <summary>The address <see cref="Host"/> names: an IP address, or localhost for 127.0.0.1.</summary>
    public System.Net.IPAddress ListenAddress
        => Host == "localhost" ? System.Net.IPAddress.Loopback
            : System.Net.IPAddress.TryParse(Host, out var address) && Host.Trim().Length == Host.Length && (Host.Contains(':') || Host.Count(c => c == '.') == 3)
                ? address
                : throw new ArgumentException($"--host '{Host}' is not an IP address; give one such as 127.0.0.1, 0.0.0.0 or ::1, or localhost.");

    /// <summary>How long a request body may stop arriving (no byte at all) before the request ends with 408.</summary>
    public TimeSpan RequestBodyIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool AuthenticationEnabled => (User != null && Password != null) || ApiKey != null;

    /// <summary>Reads command-line options: --port, --host, --data, --recover, --user, --password, --api-key, --destructive-requires-name, --faults.</summary>
    public static LocalNodeOptions Parse(string[] args)
    {
        var options = new LocalNodeOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length
                ? args[++i]
                : throw new ArgumentException($"Option '{args[i]}' needs a value, for example '{args[i]} 9200'.");
            switch (args[i])
            {
                case "--port":
                    var port = Value();
                    options.Port = int.TryParse(port, out var p) && p is >= 0 and <= 65535
                        ? p
                        : throw new ArgumentException($"--port '{port}' is not a port number; give 0 to 65535 (0 picks a free port).");
                    break;
                case "--host":
                    options.Host = Value();
                    _ = options.ListenAddress;
                    break;
                case "--data": options.DataPath = Value(); break;
                case "--recover": options.Recover = true; break;
                case "--user": options.User = Value(); break;
                case "--password": options.Password = Value(); break;
                case "--api-key": options.ApiKey = Value(); break;
                case "--node-name": options.NodeName = Value(); break;
                case "--cluster-name": options.ClusterName = Value(); break;
                case "--destructive-requires-name":
                    var flag = Value();
                    options.DestructiveRequiresName = flag switch
                    {
                        "true" => true,
                        "false" => false,
                        _ => throw new ArgumentException($"--destructive-requires-name '{flag}' must be true or false."),
                    };
                    break;
                case "--faults": options.Faults = FaultSettings.Parse(Value()); break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'. Known: --port, --host, --data, --recover, --user, --password, --api-key, --node-name, --cluster-name, --destructive-requires-name, --faults.");
            }
        }
        if ((options.User == null) != (options.Password == null))
            throw new ArgumentException("--user and --password go together: give both to turn on basic authentication, or neither.");
        return options;
    }
}
