using System.Text;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;
using VectorReindex.LocalNode.Http;

namespace VectorReindex.LocalNode.Handlers;

/// <summary>A _cat response: rows of named cells, rendered as aligned text or JSON, with h, v, s and format.</summary>
internal sealed class CatTable
{
    private readonly string[] _columns;
    private readonly string[] _defaultColumns;
    private readonly List<Dictionary<string, string?>> _rows = new();

    public CatTable(string[] columns, string[] defaultColumns)
    {
        _columns = columns;
        _defaultColumns = defaultColumns;
    }

    /// <summary>Short column names _cat accepts in h and s (i for index, dc for docs.count...).</summary>
    private static readonly Dictionary<string, string> Abbreviations = new()
    {
        ["h"] = "health", ["s"] = "status", ["i"] = "index", ["idx"] = "index", ["id"] = "uuid", ["p"] = "pri", ["shards.primary"] = "pri",
        ["r"] = "rep", ["shards.replica"] = "rep", ["dc"] = "docs.count", ["docsCount"] = "docs.count", ["dd"] = "docs.deleted",
        ["ss"] = "store.size", ["storeSize"] = "store.size", ["cd"] = "creation.date", ["cds"] = "creation.date.string",
        ["a"] = "alias", ["f"] = "filter", ["fi"] = "filter", ["ri"] = "routing.index", ["rs"] = "routing.search", ["w"] = "is_write_index",
    };

    private static string Canonical(string name) => Abbreviations.TryGetValue(name, out var full) ? full : name;

    public void Add(Dictionary<string, string?> row) => _rows.Add(row);

    public RestResponse Render(RestRequest request)
    {
        if (request.Flag("help", false))
            return RestResponse.Text(200, string.Join("\n", _columns) + "\n");
        var selected = request.ListParam("h")?.Select(Canonical).SelectMany(h => _columns.Where(c => Wildcard.Matches(h, c))).ToArray() ?? _defaultColumns;
        IEnumerable<Dictionary<string, string?>> rows = _rows;
        if (request.ListParam("s") is { } sorts)
        {
            IOrderedEnumerable<Dictionary<string, string?>>? ordered = null;
            foreach (var sort in sorts)
            {
                var parts = sort.Split(':');
                var column = Canonical(parts[0]);
                var descending = parts.Length > 1 && parts[1] == "desc";
                Func<Dictionary<string, string?>, string> key = r => r.TryGetValue(column, out var v) ? v ?? "" : "";
                ordered = ordered == null
                    ? (descending ? rows.OrderByDescending(key, StringComparer.Ordinal) : rows.OrderBy(key, StringComparer.Ordinal))
                    : (descending ? ordered.ThenByDescending(key, StringComparer.Ordinal) : ordered.ThenBy(key, StringComparer.Ordinal));
            }
            rows = ordered ?? rows;
        }
        var list = rows.ToList();
        var format = request.Param("format");
        var accept = request.Context?.Request.Headers.Accept.ToString() ?? "";
        if (format == "json" || (format == null && accept.Contains("application/json", StringComparison.Ordinal)))
        {
            var array = new JsonArray();
            foreach (var row in list)
            {
                var obj = new JsonObject();
                foreach (var column in selected)
                    obj[column] = row.TryGetValue(column, out var v) ? v : null;
                array.Add(obj);
            }
            return RestResponse.Ok(array);
        }
        var widths = selected.Select(c => Math.Max(request.Flag("v", false) ? c.Length : 0, list.Count == 0 ? 0 : list.Max(r => (r.GetValueOrDefault(c) ?? "").Length))).ToArray();
        var text = new StringBuilder();
        void Line(IEnumerable<string> cells) => text.Append(string.Join(" ", cells.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd()).Append('\n');
        if (request.Flag("v", false))
            Line(selected);
        foreach (var row in list)
            Line(selected.Select(c => row.GetValueOrDefault(c) ?? ""));
        return RestResponse.Text(200, text.ToString());
    }
}
