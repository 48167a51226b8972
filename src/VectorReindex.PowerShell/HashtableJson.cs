using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json.Nodes;

namespace VectorReindex.PowerShell
{
    /// <summary>Turns PowerShell hashtables (mappings, settings, queries, partial documents) into JSON for Core.</summary>
    internal static class HashtableJson
    {
        public static JsonObject? ToObject(IDictionary? table) => table == null ? null : (JsonObject)ToNode(table)!;

        public static JsonNode? ToNode(object? value)
        {
            if (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject)
                {
                    var custom = new JsonObject();
                    foreach (var property in pso.Properties) custom[property.Name] = ToNode(property.Value);
                    return custom;
                }
                value = pso.BaseObject;
            }
            switch (value)
            {
                case null: return null;
                case JsonNode node: return node.DeepClone();
                case string s: return JsonValue.Create(s);
                case bool b: return JsonValue.Create(b);
                case char c: return JsonValue.Create(c.ToString());
                case int i: return JsonValue.Create(i);
                case long l: return JsonValue.Create(l);
                case short sh: return JsonValue.Create(sh);
                case byte by: return JsonValue.Create(by);
                case sbyte sb: return JsonValue.Create(sb);
                case float f: return JsonValue.Create(f);
                case double d: return JsonValue.Create(d);
                case decimal m: return JsonValue.Create(m);
                case DateTime dt: return JsonValue.Create(dt.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
                case DateTimeOffset dto: return JsonValue.Create(dto.ToString("o", CultureInfo.InvariantCulture));
                case Enum e: return JsonValue.Create(e.ToString());
                case IDictionary dict:
                    var obj = new JsonObject();
                    foreach (DictionaryEntry entry in dict) obj[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = ToNode(entry.Value);
                    return obj;
                case IEnumerable list:
                    var array = new JsonArray();
                    foreach (var item in list) array.Add(ToNode(item));
                    return array;
                default:
                    return JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }
    }
}
