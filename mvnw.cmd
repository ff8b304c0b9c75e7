@echo off
rem Runs the project's pinned Maven on Windows, as ./mvnw does elsewhere. Quarkus' plugin needs Maven >= 3.9.12 and
rem machines often ship an older one, so when the Maven on the PATH is too old this fetches the distribution by its
rem Maven coordinates through that Maven (no download URL of our own) into .mvn\, unpacks it once and runs it.
rem No delayed expansion and no %* inside parentheses, so arguments with ! ( ) pass through untouched.
setlocal
set "MAVEN_VERSION=3.9.12"
set "HERE=%~dp0"
set "HOME_DIR=%HERE%.mvn\apache-maven-%MAVEN_VERSION%"

where mvn >nul 2>nul
if errorlevel 1 goto pinned
set "FOUND="
set "HAVE=0"
for /f "tokens=3" %%v in ('mvn -B -v 2^>nul ^| findstr /b /c:"Apache Maven"') do if not defined FOUND set "FOUND=%%v"
if not defined FOUND goto pinned
rem major*1000000 + minor*1000 + patch, compared as numbers
for /f "tokens=1-3 delims=.-" %%a in ("%FOUND%") do set /a HAVE=%%a*1000000+%%b*1000+%%c 2>nul
for /f "tokens=1-3 delims=." %%a in ("%MAVEN_VERSION%") do set /a NEED=%%a*1000000+%%b*1000+%%c
if %HAVE% LSS %NEED% goto pinned
call mvn %*
goto end

:pinned
if exist "%HOME_DIR%\bin\mvn.cmd" goto run
where mvn >nul 2>nul
if not errorlevel 1 goto fetch
echo mvnw: an installed 'mvn' (any 3.x) is needed to fetch Maven %MAVEN_VERSION% 1>&2
exit /b 1

:fetch
echo mvnw: fetching Maven %MAVEN_VERSION% by its coordinates into .mvn\ 1>&2
set "TMP_DIR=%TEMP%\mvnw-%RANDOM%%RANDOM%"
mkdir "%TMP_DIR%\x"
call mvn -B -q -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy "-Dartifact=org.apache.maven:apache-maven:%MAVEN_VERSION%:zip:bin" "-DoutputDirectory=%TMP_DIR%" >"%TMP_DIR%\fetch.log" 2>&1
if not errorlevel 1 goto unpack
type "%TMP_DIR%\fetch.log" 1>&2
rmdir /s /q "%TMP_DIR%"
exit /b 1

:unpack
rem Windows 10 and later have tar (bsdtar), which unpacks zips; otherwise the JDK's jar tool does
pushd "%TMP_DIR%\x"
tar -xf "%TMP_DIR%\apache-maven-%MAVEN_VERSION%-bin.zip" 2>nul || jar xf "%TMP_DIR%\apache-maven-%MAVEN_VERSION%-bin.zip"
popd
if not exist "%HERE%.mvn" mkdir "%HERE%.mvn"
if exist "%HOME_DIR%" rmdir /s /q "%HOME_DIR%"
move "%TMP_DIR%\x\apache-maven-%MAVEN_VERSION%" "%HOME_DIR%" >nul
rmdir /s /q "%TMP_DIR%"
if not exist "%HOME_DIR%\bin\mvn.cmd" (echo mvnw: could not unpack Maven %MAVEN_VERSION% 1>&2 & exit /b 1)

:run
call "%HOME_DIR%\bin\mvn.cmd" %*

:end
exit /b %ERRORLEVEL%
