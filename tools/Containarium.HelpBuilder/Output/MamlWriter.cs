using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using Containarium.HelpBuilder.Docs;
using Containarium.HelpBuilder.Metadata;

namespace Containarium.HelpBuilder.Output
{
    /// <summary>Writes MAML command help (the shape PlatyPS's renderer produces). Syntax and parameter attributes
    /// come from the cmdlet metadata, so they cannot drift; every piece of prose comes from the doc.</summary>
    public static class MamlWriter
    {
        public const string MshNs = "http://msh";
        public const string MamlNs = "http://schemas.microsoft.com/maml/2004/10";
        public const string CommandNs = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        public const string DevNs = "http://schemas.microsoft.com/maml/dev/2004/10";
        public const string MsHelpNs = "http://msdn.microsoft.com/mshelp";

        public static string Write(IEnumerable<(CmdletMetadata Cmdlet, CommandDoc Doc)> commands)
        {
            var sb = new StringBuilder();
            var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true };
            using (var w = XmlWriter.Create(sb, settings))
            {
                w.WriteStartElement("helpItems", MshNs);
                w.WriteAttributeString("schema", "maml");
                foreach (var (cmdlet, doc) in commands) WriteCommand(w, cmdlet, doc);
                w.WriteEndElement();
            }
            return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + sb.ToString().Replace("\r\n", "\n") + "\n";
        }

        public static void WriteFile(string path, IEnumerable<(CmdletMetadata Cmdlet, CommandDoc Doc)> commands) =>
            File.WriteAllText(path, Write(commands), new UTF8Encoding(false));

        private static void WriteCommand(XmlWriter w, CmdletMetadata cmdlet, CommandDoc doc)
        {
            w.WriteStartElement("command", "command", CommandNs);
            w.WriteAttributeString("xmlns", "maml", null, MamlNs);
            w.WriteAttributeString("xmlns", "dev", null, DevNs);
            w.WriteAttributeString("xmlns", "MSHelp", null, MsHelpNs);

            w.WriteStartElement("details", CommandNs);
            w.WriteElementString("name", CommandNs, cmdlet.Name);
            w.WriteElementString("verb", CommandNs, cmdlet.Verb);
            w.WriteElementString("noun", CommandNs, cmdlet.Noun);
            Description(w, doc.Synopsis?.Markdown);
            w.WriteEndElement();

            Description(w, doc.Description?.Markdown);
            WriteSyntax(w, cmdlet, doc);
            WriteParameters(w, cmdlet, doc);
            WriteTypes(w, "inputTypes", "inputType", doc.Inputs);
            WriteTypes(w, "returnValues", "returnValue", doc.Outputs);

            if (doc.Notes != null && !doc.Notes.IsEmpty)
            {
                w.WriteStartElement("alertSet", MamlNs);
                w.WriteStartElement("alert", MamlNs);
                Paras(w, doc.Notes.Markdown);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            WriteExamples(w, doc);
            WriteLinks(w, doc);
            w.WriteEndElement();
        }

        /// <summary>&lt;maml:description&gt; with one &lt;maml:para&gt; per paragraph.</summary>
        private static void Description(XmlWriter w, string? markdown)
        {
            w.WriteStartElement("description", MamlNs);
            Paras(w, markdown);
            w.WriteEndElement();
        }

        private static void Paras(XmlWriter w, string? markdown)
        {
            foreach (var p in PlainText.Paragraphs(markdown ?? "")) w.WriteElementString("para", MamlNs, p);
        }

        private static void WriteSyntax(XmlWriter w, CmdletMetadata cmdlet, CommandDoc doc)
        {
            w.WriteStartElement("syntax", CommandNs);
            foreach (var set in cmdlet.ParameterSetNames)
            {
                w.WriteStartElement("syntaxItem", CommandNs);
                w.WriteElementString("name", MamlNs, cmdlet.Name);
                foreach (var (p, b) in cmdlet.SyntaxOrder(set))
                    WriteParameter(w, p, b, doc.FindParameter(p.Name), inSyntax: true);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        private static void WriteParameters(XmlWriter w, CmdletMetadata cmdlet, CommandDoc doc)
        {
            // The doc's order (usually alphabetical), then anything the doc misses.
            var ordered = doc.Parameters.Select(pd => cmdlet.FindParameter(pd.Name)).Where(p => p != null).Cast<ParameterMetadata>()
                .Concat(cmdlet.Parameters).Distinct().ToList();
            w.WriteStartElement("parameters", CommandNs);
            foreach (var p in ordered)
            {
                var binding = (cmdlet.DefaultParameterSetName != null ? p.BindingFor(cmdlet.DefaultParameterSetName) : null) ?? p.Bindings[0];
                WriteParameter(w, p, binding, doc.FindParameter(p.Name), inSyntax: false);
            }
            w.WriteEndElement();
        }

        private static void WriteParameter(XmlWriter w, ParameterMetadata p, ParameterSetBinding b, ParameterDoc? pd, bool inSyntax)
        {
            w.WriteStartElement("parameter", CommandNs);
            w.WriteAttributeString("required", b.Mandatory ? "true" : "false");
            w.WriteAttributeString("variableLength", "true");
            w.WriteAttributeString("globbing", p.SupportsWildcards ? "true" : "false");
            w.WriteAttributeString("pipelineInput", b.PipelineInputText);
            w.WriteAttributeString("position", b.Position?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "named");
            w.WriteAttributeString("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases));
            w.WriteElementString("name", MamlNs, p.Name);
            var description = pd?.Description.Markdown;
            if (string.IsNullOrWhiteSpace(description)) description = p.EngineDescription;
            Description(w, description);
            if (inSyntax && p.AcceptedValues.Count > 0)
            {
                w.WriteStartElement("parameterValueGroup", CommandNs);
                foreach (var v in p.AcceptedValues)
                {
                    w.WriteStartElement("parameterValue", CommandNs);
                    w.WriteAttributeString("required", "false");
                    w.WriteAttributeString("command", "variableLength", CommandNs, "false");
                    w.WriteString(v);
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            if (!(inSyntax && p.IsSwitch))
            {
                w.WriteStartElement("parameterValue", CommandNs);
                w.WriteAttributeString("required", p.IsSwitch ? "false" : "true");
                w.WriteAttributeString("variableLength", "false");
                w.WriteString(p.Type.Friendly);
                w.WriteEndElement();
            }
            w.WriteStartElement("type", DevNs);
            w.WriteElementString("name", MamlNs, p.Type.Friendly);
            w.WriteElementString("uri", MamlNs, "");
            w.WriteEndElement();
            var docDefault = pd?.Blocks.FirstOrDefault()?.DefaultValue;
            w.WriteElementString("defaultValue", DevNs, string.IsNullOrWhiteSpace(docDefault) ? (p.IsSwitch ? "False" : "None") : docDefault);
            w.WriteEndElement();
        }

        private static void WriteTypes(XmlWriter w, string listName, string itemName, List<TypeDoc> types)
        {
            w.WriteStartElement(listName, CommandNs);
            foreach (var t in types)
            {
                w.WriteStartElement(itemName, CommandNs);
                w.WriteStartElement("type", DevNs);
                w.WriteElementString("name", MamlNs, t.Name);
                w.WriteEndElement();
                Description(w, t.Description.Markdown);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        /// <summary>PlatyPS pads titles with dashes to 64 characters, the look of the built-in help.</summary>
        public static string ExampleTitle(string title)
        {
            const int width = 64;
            if (title.Length >= width - 2) return title;
            var pad = (width - title.Length - 2) / 2;
            var left = new string('-', pad);
            var right = new string('-', width - title.Length - 2 - pad);
            return left + " " + title + " " + right;
        }

        private static void WriteExamples(XmlWriter w, CommandDoc doc)
        {
            w.WriteStartElement("examples", CommandNs);
            foreach (var e in doc.Examples ?? new List<ExampleDoc>())
            {
                w.WriteStartElement("example", CommandNs);
                w.WriteElementString("title", MamlNs, ExampleTitle(e.Title));
                w.WriteElementString("code", DevNs, string.Join("\n\n", e.Code.Select(c => c.TrimEnd())));
                w.WriteStartElement("remarks", DevNs);
                // The introduction goes first in the remarks: Get-Help glues maml:introduction to the code
                // (it was meant for a "PS C:\>" prompt).
                Paras(w, e.Introduction.Markdown);
                Paras(w, e.Remarks.Markdown);
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }

        private static void WriteLinks(XmlWriter w, CommandDoc doc)
        {
            var links = doc.Links.ToList();
            var online = doc.FrontMatterValue("online version");
            if (!string.IsNullOrWhiteSpace(online) && !(links.Count > 0 && links[0].Uri == online))
                links.Insert(0, new LinkDoc("Online Version:", online));
            w.WriteStartElement("relatedLinks", CommandNs);
            foreach (var link in links)
            {
                w.WriteStartElement("navigationLink", MamlNs);
                w.WriteElementString("linkText", MamlNs, link.Text);
                w.WriteElementString("uri", MamlNs, link.IsAbsolute ? link.Uri : "");
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
    }
}
