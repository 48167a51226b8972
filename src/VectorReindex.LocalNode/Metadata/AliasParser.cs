using System.Text.Json;
using System.Text.Json.Nodes;
using VectorReindex.LocalNode.Foundation;

namespace VectorReindex.LocalNode.Metadata;

/// <summary>Reads an alias definition (filter, routing, index_routing, search_routing, is_write_index, is_hidden).</summary>
internal static class AliasParser
{
    public static AliasMetadata Parse(string name, JsonObject definition, ICollection<string>? extraKeys = null)
    {
        JsonObject? filter = null;
        string? indexRouting = null, searchRouting = null;
        bool? isWrite = null, isHidden = null;
        foreach (var (key, value) in definition)
        {
            switch (key)
            {
                case "filter":
                    filter = value as JsonObject ?? throw Errors.IllegalArgument($"failed to parse filter for alias [{name}]");
                    break;
                case "routing":
                    indexRouting = searchRouting = RoutingValue(name, key, value);
                    break;
                case "index_routing":
                    indexRouting = RoutingValue(name, key, value);
                    break;
                case "search_routing":
                    searchRouting = RoutingValue(name, key, value);
                    break;
                case "is_write_index":
                    isWrite = BooleanValue(name, key, value);
                    break;
                case "is_hidden":
                    isHidden = BooleanValue(name, key, value);
                    break;
                default:
                    if (extraKeys != null && extraKeys.Contains(key))
                        break;
                    throw Errors.IllegalArgument($"Unsupported field [{key}]");
            }
        }
        if (indexRouting != null && indexRouting.Contains(','))
            throw Errors.IllegalArgument($"alias [{name}] has several index routing values associated with it");
        return new AliasMetadata(name, filter, indexRouting, searchRouting, isWrite, isHidden);
    }

    private static string? RoutingValue(string alias, string field, JsonNode? value)
    {
        if (value == null)
            return null;
        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True or JsonValueKind.False => throw Errors.IllegalArgument($"Unsupported boolean type value [{value.ToJsonString()}] for field [{field}] in alias [{alias}]"),
            _ => throw Errors.ParseError($"[1:1] Unexpected token [START_ARRAY] for field [{field}]"),
        };
    }

    private static bool? BooleanValue(string alias, string field, JsonNode? value)
    {
        if (value == null)
            return null;
        return value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => throw Errors.IllegalArgument($"Unsupported String type value [{value.GetValue<string>()}] for field [{field}] in alias [{alias}]"),
            _ => throw Errors.IllegalArgument($"Unsupported type value [{value.ToJsonString()}] for field [{field}] in alias [{alias}]"),
        };
    }
}
