using System;
using System.Text;

namespace VectorReindex.Core.Connection
{
    /// <summary>
    /// Reads an Elastic Cloud ID ("name:base64(host[:port]$es-uuid$kibana-uuid)") into the
    /// deployment's Elasticsearch address, with an error that says what is wrong with it.
    /// </summary>
    public static class CloudEndpoint
    {
        public static Uri Decode(string cloudId)
        {
            if (string.IsNullOrWhiteSpace(cloudId)) throw new ArgumentException("The Cloud ID is empty. Copy it from the deployment's page in Elastic Cloud.", nameof(cloudId));
            var colon = cloudId.IndexOf(':');
            var encoded = colon >= 0 ? cloudId.Substring(colon + 1) : cloudId;
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                throw new ArgumentException("The Cloud ID is not 'name:' followed by base64. Copy it whole from the deployment's page in Elastic Cloud.", nameof(cloudId));
            }
            var parts = decoded.Split('$');
            if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new ArgumentException("The Cloud ID does not name a host and an Elasticsearch id. Copy it whole from the deployment's page in Elastic Cloud.", nameof(cloudId));
            var host = parts[0];
            var port = 443;
            var portAt = host.LastIndexOf(':');
            if (portAt > 0 && int.TryParse(host.Substring(portAt + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p))
            {
                port = p;
                host = host.Substring(0, portAt);
            }
            return new UriBuilder(Uri.UriSchemeHttps, parts[1] + "." + host, port).Uri;
        }
    }
}
