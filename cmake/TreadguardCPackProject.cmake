# Read by cpack itself (CPACK_PROJECT_CONFIG_FILE), after `-D CPACK_PACKAGE_VERSION=...`:
# the HMI depends on the treadguard of its own version, whichever version is packaged.
set(CPACK_DEBIAN_HMI_PACKAGE_DEPENDS "treadguard (= ${CPACK_PACKAGE_VERSION}), fonts-dejavu-core")
