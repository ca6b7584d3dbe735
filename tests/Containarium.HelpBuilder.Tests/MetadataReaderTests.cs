using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Containarium.HelpBuilder.Metadata;
using Xunit;

namespace Containarium.HelpBuilder.Tests
{
    public class MetadataReaderTests
    {
        private static readonly ModuleMetadata Module = ModuleMetadataReader.Read(TestPaths.FixtureAssembly);

        private static CmdletMetadata Cmdlet(string name) => Module.FindCmdlet(name) ?? throw new Exception(name + " not found");

        [Fact]
        public void Finds_the_public_concrete_cmdlets_only()
        {
            Assert.Equal(new[] { "Get-FixtureItem", "Remove-FixtureItem", "Set-FixtureItem" }, Module.Cmdlets.Select(c => c.Name));
            Assert.Equal("HelpFixture.Cmdlets.dll-Help.xml", Module.HelpFileName);
        }

        [Fact]
        public void Does_not_load_the_module_into_the_process()
        {
            Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "HelpFixture.Cmdlets");
        }

        [Fact]
        public void Reads_the_cmdlet_attribute_and_output_types()
        {
            var get = Cmdlet("Get-FixtureItem");
            Assert.Equal("Get", get.Verb);
            Assert.Equal("FixtureItem", get.Noun);
            Assert.Equal("HelpFixture.GetFixtureItemCommand", get.TypeName);
            Assert.False(get.SupportsShouldProcess);
            Assert.Equal("ByName", get.DefaultParameterSetName);
            Assert.Equal(new[] { "ByName", "ById" }, get.ParameterSetNames);
            Assert.Equal(new[] { "HelpFixture.FixtureItem" }, get.OutputTypes);
            Assert.Empty(Cmdlet("Remove-FixtureItem").OutputTypes);
        }

        [Fact]
        public void Reads_parameter_attributes()
        {
            var name = Cmdlet("Get-FixtureItem").FindParameter("Name")!;
            Assert.Equal("String[]", name.Type.Friendly);
            Assert.Equal("System.String[]", name.Type.Full);
            Assert.Equal(new[] { "ItemName" }, name.Aliases);
            Assert.True(name.SupportsWildcards);
            var b = Assert.Single(name.Bindings);
            Assert.Equal("ByName", b.SetName);
            Assert.Equal(0, b.Position);
            Assert.False(b.Mandatory);
            Assert.True(b.ValueFromPipeline);
            Assert.True(b.ValueFromPipelineByPropertyName);

            var id = Cmdlet("Get-FixtureItem").FindParameter("Id")!;
            Assert.Equal("Int32", id.Type.Friendly);
            Assert.True(id.Bindings[0].Mandatory);
            Assert.Null(id.Bindings[0].Position);
            Assert.Equal("True (ByPropertyName)", id.Bindings[0].PipelineInputText);
        }

        [Fact]
        public void Base_class_parameters_count_and_are_in_every_set()
        {
            var backend = Cmdlet("Get-FixtureItem").FindParameter("Backend")!;
            Assert.True(backend.InAllSets);
            Assert.Equal(new[] { "(All)" }, backend.DocSetNames);
            Assert.Equal(new[] { "Server" }, backend.Aliases);
            Assert.All(Cmdlet("Get-FixtureItem").ParameterSetNames, set => Assert.NotNull(backend.BindingFor(set)));
            Assert.NotNull(Cmdlet("Set-FixtureItem").FindParameter("Backend"));
            Assert.Null(Cmdlet("Remove-FixtureItem").FindParameter("Backend"));
        }

        [Fact]
        public void Friendly_type_names()
        {
            var set = Cmdlet("Set-FixtureItem");
            Assert.Equal("SecureString", set.FindParameter("Secret")!.Type.Friendly);
            Assert.Equal("HelpFixture.FixtureItem", set.FindParameter("InputObject")!.Type.Friendly);
            Assert.Equal("SwitchParameter", set.FindParameter("PassThru")!.Type.Friendly);
            Assert.True(set.FindParameter("PassThru")!.IsSwitch);
            Assert.Equal(new[] { "Low", "High" }, set.FindParameter("Priority")!.AcceptedValues);

            // The same rules on runtime types.
            Assert.Equal("Int32", TypeName.FromType(typeof(int?)).Friendly);
            Assert.Equal("List[String]", TypeName.FromType(typeof(List<string>)).Friendly);
            Assert.Equal("System.Collections.Generic.List[System.String]", TypeName.FromType(typeof(List<string>)).Full);
            Assert.Equal("String[,]", TypeName.FromType(typeof(string[,])).Friendly);
            Assert.Equal("Containarium.HelpBuilder.Tests.MetadataReaderTests", TypeName.FromType(typeof(MetadataReaderTests)).Friendly);
            Assert.True(TypeName.FromType(typeof(string[])).Matches("system.string[]"));
        }

        [Fact]
        public void A_parameter_in_two_sets_has_a_binding_per_set()
        {
            var value = Cmdlet("Set-FixtureItem").FindParameter("Value")!;
            Assert.Equal(new[] { "ByName", "ByObject" }, value.DocSetNames);
            Assert.True(value.BindingFor("ByName")!.Mandatory);
            Assert.Equal(1, value.BindingFor("ByName")!.Position);
            Assert.False(value.BindingFor("ByObject")!.Mandatory);
            Assert.Null(value.BindingFor("ByObject")!.Position);
        }

        [Fact]
        public void ShouldProcess_adds_WhatIf_and_Confirm()
        {
            var set = Cmdlet("Set-FixtureItem");
            Assert.True(set.SupportsShouldProcess);
            Assert.Equal(new[] { "wi" }, set.FindParameter("WhatIf")!.Aliases);
            Assert.Equal(new[] { "cf" }, set.FindParameter("Confirm")!.Aliases);
            Assert.Null(Cmdlet("Get-FixtureItem").FindParameter("WhatIf"));
        }

        [Fact]
        public void SupportsPaging_adds_First_Skip_and_IncludeTotalCount()
        {
            var get = Cmdlet("Get-FixtureItem");
            Assert.Equal("UInt64", get.FindParameter("First")!.Type.Friendly);
            Assert.Equal("UInt64", get.FindParameter("Skip")!.Type.Friendly);
            Assert.True(get.FindParameter("IncludeTotalCount")!.IsSwitch);
            Assert.All(new[] { "First", "Skip", "IncludeTotalCount" }, n => Assert.True(get.FindParameter(n)!.IsEngineParameter));
            Assert.Null(Cmdlet("Set-FixtureItem").FindParameter("First"));
        }

        [Fact]
        public void Without_set_names_there_is_one_set_and_no_property_without_Parameter_is_listed()
        {
            var remove = Cmdlet("Remove-FixtureItem");
            Assert.Equal(new[] { ParameterSetBinding.AllSets }, remove.ParameterSetNames);
            Assert.Equal(new[] { "Name", "Force", "WhatIf", "Confirm" }, remove.Parameters.Select(p => p.Name));
        }

        [Fact]
        public void Syntax_text_matches_what_GetCommand_prints()
        {
            Assert.Equal("Get-FixtureItem [[-Name] <String[]>] [-Detailed] [-Backend <String>] [-IncludeTotalCount] [-Skip <UInt64>] [-First <UInt64>] [<CommonParameters>]",
                Cmdlet("Get-FixtureItem").SyntaxText("ByName"));
            Assert.Equal("Get-FixtureItem -Id <Int32> [-Detailed] [-Backend <String>] [-IncludeTotalCount] [-Skip <UInt64>] [-First <UInt64>] [<CommonParameters>]",
                Cmdlet("Get-FixtureItem").SyntaxText("ById"));
            Assert.Equal("Set-FixtureItem [-Name] <String> [-Value] <String> [-Priority <String>] [-Secret <SecureString>] [-PassThru] [-Backend <String>] [-WhatIf] [-Confirm] [<CommonParameters>]",
                Cmdlet("Set-FixtureItem").SyntaxText("ByName"));
            Assert.Equal("Remove-FixtureItem [-Name] <String[]> [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]",
                Cmdlet("Remove-FixtureItem").SyntaxText(ParameterSetBinding.AllSets));
        }

        [Fact]
        public void References_resolve_from_the_Dependencies_folder_and_reference_folders()
        {
            var dir = TestPaths.NewTempDir();
            var dll = Path.Combine(dir, "HelpFixture.Cmdlets.dll");
            File.Copy(TestPaths.FixtureAssembly, dll);
            var noSma = new ReaderOptions { SmaPath = "/nonexistent/System.Management.Automation.dll" };

            var e = Assert.Throws<MetadataException>(() => ModuleMetadataReader.Read(dll, noSma));
            Assert.Contains("System.Management.Automation", e.Message);
            Assert.Contains("--reference", e.Message);

            var elsewhere = TestPaths.NewTempDir();
            File.Copy(ModuleMetadataReader.DefaultSmaPath, Path.Combine(elsewhere, "System.Management.Automation.dll"));
            var withReference = new ReaderOptions { SmaPath = noSma.SmaPath };
            withReference.ReferenceDirectories.Add(elsewhere);
            Assert.Equal(3, ModuleMetadataReader.Read(dll, withReference).Cmdlets.Count);

            Directory.CreateDirectory(Path.Combine(dir, "Dependencies"));
            File.Copy(ModuleMetadataReader.DefaultSmaPath, Path.Combine(dir, "Dependencies", "System.Management.Automation.dll"));
            Assert.Equal(3, ModuleMetadataReader.Read(dll, noSma).Cmdlets.Count);
        }

        [Fact]
        public void A_missing_assembly_is_a_clear_error()
        {
            var e = Assert.Throws<MetadataException>(() => ModuleMetadataReader.Read("/nonexistent/X.dll"));
            Assert.Contains("X.dll", e.Message);
        }
    }
}
