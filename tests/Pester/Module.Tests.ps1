#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The manifest's exports and every cmdlet's help, as Get-Help shows them in pwsh.

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
        $help.Synopsis | Should -Not -BeLike "$_ [[]*" -Because 'the engine makes up that synopsis when no help file is found'
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.description | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterThan 0
        # The cmdlet's own parameters, not the help's list: a cmdlet without parameters (Get-VectorCluster)
        # has nothing to describe, and a parameter the help forgot must still fail here.
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $declared = (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($name in $declared) {
            $described = @($help.parameters.parameter) | Where-Object { $_ -and $_.name -eq $name }
            ($described.description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
    }
}
