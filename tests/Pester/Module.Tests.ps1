#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors ModuleManifestTests and HelpTests of the xunit suite.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $module = Import-Module (Get-PackagedManifest) -Force -PassThru
    $script:cmdlets = @($module.ExportedCmdlets.Keys)
}

Describe 'VectorReindex module' {
    It 'exports cmdlets by name, never with a wildcard' {
        $manifest = Import-PowerShellDataFile (Get-PackagedManifest)
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        @((Get-Module VectorReindex).ExportedCmdlets.Keys) | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It '<_> has a synopsis, a description, an example and described parameters' -ForEach $script:cmdlets {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.description | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterThan 0
        foreach ($p in @($help.parameters.parameter)) {
            ($p.description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "-$($p.name) needs a description"
        }
    }
}
