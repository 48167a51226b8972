#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The manifest's exports and every cmdlet's help, as Get-Help shows them in pwsh.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $module = Import-Module (Get-PackagedManifest) -Force -PassThru
    # Every cmdlet class the module's assembly holds, exported or not: a new one without help or a manifest entry fails here.
    $script:cmdlets = @([VectorReindex.PowerShell.VectorReindexCmdlet].Assembly.GetTypes() |
        ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
        ForEach-Object { "$($_.VerbName)-$($_.NounName)" } | Sort-Object -Unique)
    $script:exported = @($module.ExportedCmdlets.Keys)
}

Describe 'VectorReindex module' {
    It 'exports cmdlets by name, never with a wildcard' {
        $manifest = Import-PowerShellDataFile (Get-PackagedManifest)
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        @((Get-Module VectorReindex).ExportedCmdlets.Keys) | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'exports every cmdlet its assembly defines' -ForEach @(@{ Defined = $script:cmdlets; Exported = $script:exported }) {
        $Defined.Count | Should -BeGreaterThan 0
        $Defined | Where-Object { $_ -notin $Exported } | Should -BeNullOrEmpty
    }

    It '<_> completes every parameter that names an alias, an index or a cluster' -ForEach $script:cmdlets {
        # Names that are created, not looked up, have nothing to complete from.
        $new = @{ 'New-VectorIndex' = @('Alias') }
        $named = 'Alias', 'TargetAlias', 'Index', 'To', 'From', 'Source', 'Target', 'VectorField', 'TextField'
        $command = Get-Command $_
        $parameters = $command.Parameters.Values | Where-Object {
            ($_.Name -in $named -and $_.ParameterType -eq [string]) -or $_.ParameterType -eq [VectorReindex.Core.Connection.ClusterConnection]
        } | Where-Object { $_.Name -notin $new[$command.Name] }
        foreach ($parameter in $parameters) {
            @($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }) |
                Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) of $($command.Name) names something the cluster or the session already has"
        }
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
