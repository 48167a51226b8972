#nullable enable
// Turns the cmdlet help kept as markdown in docs/help (platyPS layout) into the MAML file that
// Get-Help reads for a binary module. Compiled by MSBuild's RoslynCodeTaskFactory at build time,
// so no platyPS or pwsh is needed to build the module.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class ConvertMarkdownHelpToMaml : Task
{
    [Required] public ITaskItem[] HelpFiles { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string OutputFile { get; set; } = "";

    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public override bool Execute()
    {
        var docs = new List<HelpDoc>();
        foreach (var item in HelpFiles.OrderBy(i => i.ItemSpec, StringComparer.Ordinal))
        {
            try
            {
                docs.Add(HelpDoc.Parse(File.ReadAllLines(item.ItemSpec)));
            }
            catch (FormatException ex)
            {
                Log.LogError(null, "VRHELP001", null, item.ItemSpec, 0, 0, 0, 0, "{0}", ex.Message);
            }
        }
        if (Log.HasLoggedErrors) return false;

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(OutputFile))!);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using (var w = XmlWriter.Create(OutputFile, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("helpItems", "http://msh");
            w.WriteAttributeString("schema", "maml");
            foreach (var doc in docs) WriteCommand(w, doc);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return true;
    }

    private static void WriteCommand(XmlWriter w, HelpDoc doc)
    {
        w.WriteStartElement("command", "command", Command);
        w.WriteAttributeString("xmlns", "maml", null, Maml);
        w.WriteAttributeString("xmlns", "dev", null, Dev);

        w.WriteStartElement("command", "details", Command);
        w.WriteElementString("command", "name", Command, doc.Name);
        var dash = doc.Name.IndexOf('-');
        w.WriteElementString("command", "verb", Command, doc.Name.Substring(0, dash));
        w.WriteElementString("command", "noun", Command, doc.Name.Substring(dash + 1));
        WriteParas(w, "maml", "description", Maml, doc.Synopsis);
        w.WriteEndElement();

        WriteParas(w, "maml", "description", Maml, doc.Description);

        w.WriteStartElement("command", "syntax", Command);
        foreach (var set in doc.ParameterSets)
        {
            w.WriteStartElement("command", "syntaxItem", Command);
            w.WriteElementString("maml", "name", Maml, doc.Name);
            foreach (var p in doc.Parameters)
            {
                var usage = p.UsageIn(set);
                if (usage != null) WriteParameter(w, p, usage);
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("command", "parameters", Command);
        foreach (var p in doc.Parameters) WriteParameter(w, p, p.Usages[0]);
        w.WriteEndElement();

        WriteTypes(w, "inputTypes", "inputType", doc.Inputs);
        WriteTypes(w, "returnValues", "returnValue", doc.Outputs);

        if (doc.Notes.Count > 0)
        {
            w.WriteStartElement("maml", "alertSet", Maml);
            WriteParas(w, "maml", "alert", Maml, doc.Notes);
            w.WriteEndElement();
        }

        w.WriteStartElement("command", "examples", Command);
        foreach (var ex in doc.Examples)
        {
            w.WriteStartElement("command", "example", Command);
            w.WriteElementString("maml", "title", Maml, "-------------------------- " + ex.Title + " --------------------------");
            w.WriteElementString("dev", "code", Dev, ex.Code);
            WriteParas(w, "dev", "remarks", Dev, ex.Remarks);
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("command", "relatedLinks", Command);
        foreach (var link in doc.Links)
        {
            w.WriteStartElement("maml", "navigationLink", Maml);
            w.WriteElementString("maml", "linkText", Maml, link.Key);
            w.WriteElementString("maml", "uri", Maml, link.Value);
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteEndElement();
    }

    private static void WriteParameter(XmlWriter w, HelpParameter p, ParameterUsage u)
    {
        w.WriteStartElement("command", "parameter", Command);
        w.WriteAttributeString("required", u.Required ? "true" : "false");
        w.WriteAttributeString("variableLength", p.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false");
        w.WriteAttributeString("globbing", p.Globbing ? "true" : "false");
        w.WriteAttributeString("pipelineInput", p.PipelineInput);
        w.WriteAttributeString("position", u.Position);
        w.WriteAttributeString("aliases", p.Aliases);
        w.WriteElementString("maml", "name", Maml, p.Name);
        WriteParas(w, "maml", "description", Maml, p.Description);
        if (!p.IsSwitch)
        {
            w.WriteStartElement("command", "parameterValue", Command);
            w.WriteAttributeString("required", "true");
            w.WriteAttributeString("variableLength", "false");
            w.WriteString(p.Type);
            w.WriteEndElement();
        }
        w.WriteStartElement("dev", "type", Dev);
        w.WriteElementString("maml", "name", Maml, p.Type);
        w.WriteEndElement();
        w.WriteElementString("dev", "defaultValue", Dev, p.DefaultValue);
        w.WriteEndElement();
    }

    private static void WriteTypes(XmlWriter w, string outer, string inner, List<KeyValuePair<string, List<string>>> types)
    {
        w.WriteStartElement("command", outer, Command);
        foreach (var t in types)
        {
            w.WriteStartElement("command", inner, Command);
            w.WriteStartElement("dev", "type", Dev);
            w.WriteElementString("maml", "name", Maml, t.Key);
            w.WriteEndElement();
            WriteParas(w, "maml", "description", Maml, t.Value);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void WriteParas(XmlWriter w, string prefix, string element, string ns, List<string> paras)
    {
        w.WriteStartElement(prefix, element, ns);
        foreach (var para in paras) w.WriteElementString("maml", "para", Maml, para);
        w.WriteEndElement();
    }

    private sealed class ParameterUsage
    {
        public List<string> Sets = new List<string>();
        public bool Required;
        public string Position = "named";
    }

    private sealed class HelpParameter
    {
        public string Name = "";
        public List<string> Description = new List<string>();
        public string Type = "";
        public string Aliases = "none";
        public string DefaultValue = "None";
        public string PipelineInput = "False";
        public bool Globbing;
        public List<ParameterUsage> Usages = new List<ParameterUsage>();
        public bool IsSwitch => Type == "SwitchParameter";

        public ParameterUsage? UsageIn(string set) =>
            Usages.FirstOrDefault(u => u.Sets.Contains("(All)") || u.Sets.Contains(set));
    }

    private sealed class HelpExample
    {
        public string Title = "";
        public string Code = "";
        public List<string> Remarks = new List<string>();
    }

    private sealed class HelpDoc
    {
        public string Name = "";
        public List<string> Synopsis = new List<string>();
        public List<string> Description = new List<string>();
        public List<string> ParameterSets = new List<string>();
        public List<HelpParameter> Parameters = new List<HelpParameter>();
        public List<HelpExample> Examples = new List<HelpExample>();
        public List<KeyValuePair<string, List<string>>> Inputs = new List<KeyValuePair<string, List<string>>>();
        public List<KeyValuePair<string, List<string>>> Outputs = new List<KeyValuePair<string, List<string>>>();
        public List<string> Notes = new List<string>();
        public List<KeyValuePair<string, string>> Links = new List<KeyValuePair<string, string>>();

        public static HelpDoc Parse(string[] lines)
        {
            var doc = new HelpDoc();
            var i = 0;
            if (i < lines.Length && lines[i].Trim() == "---")
            {
                i++;
                while (i < lines.Length && lines[i].Trim() != "---") i++;
                i++;
            }
            string section = "";
            HelpParameter? param = null;
            HelpExample? example = null;
            List<string>? typeParas = null;
            var para = new StringBuilder();

            void Flush(List<string>? target)
            {
                if (para.Length > 0 && target != null) target.Add(para.ToString().Trim());
                para.Clear();
            }

            List<string>? Target()
            {
                switch (section)
                {
                    case "SYNOPSIS": return doc.Synopsis;
                    case "DESCRIPTION": return doc.Description;
                    case "NOTES": return doc.Notes;
                    case "PARAMETERS": return param?.Description;
                    case "EXAMPLES": return example?.Remarks;
                    case "INPUTS":
                    case "OUTPUTS": return typeParas;
                    default: return null;
                }
            }

            for (; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.StartsWith("# ", StringComparison.Ordinal))
                {
                    doc.Name = line.Substring(2).Trim();
                    continue;
                }
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    Flush(Target());
                    section = line.Substring(3).Trim().ToUpperInvariant();
                    param = null; example = null; typeParas = null;
                    continue;
                }
                if (line.StartsWith("### ", StringComparison.Ordinal))
                {
                    Flush(Target());
                    var heading = line.Substring(4).Trim();
                    switch (section)
                    {
                        case "SYNTAX":
                            doc.ParameterSets.Add(heading.Replace("(Default)", "").Trim());
                            break;
                        case "PARAMETERS":
                            param = heading == "CommonParameters" ? null : new HelpParameter { Name = heading.TrimStart('-') };
                            if (param != null) doc.Parameters.Add(param);
                            break;
                        case "EXAMPLES":
                            example = new HelpExample { Title = heading };
                            doc.Examples.Add(example);
                            break;
                        case "INPUTS":
                        case "OUTPUTS":
                            typeParas = new List<string>();
                            (section == "INPUTS" ? doc.Inputs : doc.Outputs).Add(new KeyValuePair<string, List<string>>(heading, typeParas));
                            break;
                    }
                    continue;
                }
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    Flush(Target());
                    var lang = line.Substring(3).Trim();
                    var block = new List<string>();
                    for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++) block.Add(lines[i]);
                    if (section == "PARAMETERS" && param != null && lang == "yaml") ReadParameterYaml(param, block);
                    else if (section == "EXAMPLES" && example != null) example.Code = string.Join("\n", block).Trim();
                    continue;
                }
                if (section == "RELATED LINKS" && line.TrimStart().StartsWith("[", StringComparison.Ordinal))
                {
                    var text = line.Substring(line.IndexOf('[') + 1, line.IndexOf(']') - line.IndexOf('[') - 1);
                    var open = line.IndexOf('(');
                    var uri = open > 0 ? line.Substring(open + 1, line.LastIndexOf(')') - open - 1) : "";
                    doc.Links.Add(new KeyValuePair<string, string>(text, uri));
                    continue;
                }
                if (line.Trim().Length == 0) { Flush(Target()); continue; }
                if (para.Length > 0) para.Append(line.StartsWith("- ", StringComparison.Ordinal) ? "\n" : " ");
                para.Append(line.Trim());
            }
            Flush(Target());
            Validate(doc);
            return doc;
        }

        private static void ReadParameterYaml(HelpParameter p, List<string> block)
        {
            var usage = new ParameterUsage();
            foreach (var raw in block)
            {
                var colon = raw.IndexOf(':');
                if (colon < 0) continue;
                var key = raw.Substring(0, colon).Trim();
                var value = raw.Substring(colon + 1).Trim();
                switch (key)
                {
                    case "Type": p.Type = value; break;
                    case "Parameter Sets": usage.Sets = value.Split(',').Select(s => s.Trim()).ToList(); break;
                    case "Aliases": p.Aliases = value.Length == 0 ? "none" : value; break;
                    case "Required": usage.Required = value.Equals("True", StringComparison.OrdinalIgnoreCase); break;
                    case "Position": usage.Position = value.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : value; break;
                    case "Default value": p.DefaultValue = value.Length == 0 ? "None" : value; break;
                    case "Accept pipeline input": p.PipelineInput = value; break;
                    case "Accept wildcard characters": p.Globbing = value.Equals("True", StringComparison.OrdinalIgnoreCase); break;
                }
            }
            p.Usages.Add(usage);
        }

        private static void Validate(HelpDoc doc)
        {
            if (doc.Name.IndexOf('-') <= 0) throw new FormatException("missing '# Verb-Noun' title");
            if (doc.Synopsis.Count == 0) throw new FormatException(doc.Name + ": '## SYNOPSIS' is empty");
            if (doc.Description.Count == 0) throw new FormatException(doc.Name + ": '## DESCRIPTION' is empty");
            if (doc.Examples.Count == 0 || doc.Examples.Any(e => e.Code.Length == 0))
                throw new FormatException(doc.Name + ": every help file needs at least one example with a code block");
            if (doc.ParameterSets.Count == 0) doc.ParameterSets.Add("__AllParameterSets");
            foreach (var p in doc.Parameters)
            {
                if (p.Type.Length == 0 || p.Usages.Count == 0)
                    throw new FormatException(doc.Name + ": parameter -" + p.Name + " needs a ```yaml block with Type and Parameter Sets");
                if (p.Description.Count == 0)
                    throw new FormatException(doc.Name + ": parameter -" + p.Name + " has no description");
            }
        }
    }
}
