#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The module as users get it: the nupkg build/New-ModulePackage.ps1 makes (build.ps1 -Task Package
# runs it on the Release folder) published to a local PSResourceGet repository and installed from
# there into a clean scope of a fresh pwsh. No Gallery: the repository is a temporary folder.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:node = Start-LocalNode
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'The VectorReindex package' {
    It 'publishes to a local repository, installs with Install-PSResource into a clean scope, imports by name and connects' {
        $repository = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'repository')
        # A temporary HOME: PSResourceGet keeps its repository list and the CurrentUser module folder
        # under it, and pwsh derives PSModulePath from it, so the user's own setup is neither seen nor changed.
        $environment = @{
            HOME            = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'home')).FullName
            XDG_DATA_HOME   = $null
            XDG_CONFIG_HOME = $null
            XDG_CACHE_HOME  = $null
            PSModulePath    = $null
            MODULE          = Split-Path -Parent (Get-PackagedManifest)
            PACKAGER        = (Resolve-Path (Join-Path $PSScriptRoot '../../build/New-ModulePackage.ps1')).Path
            REPOSITORY      = $repository.FullName
            NUPKGS          = Join-Path $TestDrive 'nupkg'
            SCRATCH         = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'scratch')).FullName
            NODE            = $script:node.Uri
        }
        $run = Invoke-FreshPwsh -Environment $environment -Command @'
$ErrorActionPreference = 'Stop'
"before: $(@(Get-Module -ListAvailable -Name VectorReindex).Count)"
$nupkg = & $env:PACKAGER -ModuleFolder $env:MODULE -DestinationPath $env:NUPKGS
"nupkg: $($nupkg.Name)"
Register-PSResourceRepository -Name VectorReindexLocal -Uri $env:REPOSITORY -Trusted
Publish-PSResource -NupkgPath $nupkg.FullName -Repository VectorReindexLocal
Install-PSResource -Name VectorReindex -Repository VectorReindexLocal -Scope CurrentUser -TemporaryPath $env:SCRATCH -Quiet
Import-Module VectorReindex
"base: $((Get-Module VectorReindex).ModuleBase)"
"cluster: $((Connect-VectorCluster -Uri $env:NODE).ClusterName)"
'@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $lines = $run.Output -split "`r?`n"
        $version = (Import-PowerShellDataFile (Get-PackagedManifest)).ModuleVersion
        $lines | Should -Contain 'before: 0' -Because 'the fresh scope has no copy of the module yet'
        $lines | Should -Contain "nupkg: VectorReindex.$version.nupkg"
        $lines | Should -Contain 'cluster: vectorreindex-local'
        $base = ($lines | Where-Object { $_ -like 'base: *' }) -replace '^base: '
        $base | Should -BeLike "$($environment.HOME)*" -Because 'the module is the installed copy, not the build output'
        Join-Path $base 'dependencies/System.Text.Json.dll' | Should -Exist
        Join-Path $repository "VectorReindex.$version.nupkg" | Should -Exist
    }
}
