<#
.SYNOPSIS
    Makes the nupkg of a laid-out module folder (out/<Configuration>/VectorReindex/<version>/), the
    package Publish-PSResource publishes and Install-PSResource installs. Returns the nupkg file.
.EXAMPLE
    ./build/New-ModulePackage.ps1 -ModuleFolder out/Release/VectorReindex/0.1.0 -DestinationPath out/Release
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleFolder,
    [Parameter(Mandatory)] [string] $DestinationPath
)

$ErrorActionPreference = 'Stop'
$manifest = Join-Path $ModuleFolder 'VectorReindex.psd1'
$module = Test-ModuleManifest -Path $manifest
New-Item -ItemType Directory -Force -Path $DestinationPath | Out-Null
$nupkg = Join-Path $DestinationPath "VectorReindex.$($module.Version).nupkg"
Remove-Item -LiteralPath $nupkg -ErrorAction SilentlyContinue
Compress-PSResource -Path $ModuleFolder -DestinationPath $DestinationPath
Get-Item -LiteralPath $nupkg
