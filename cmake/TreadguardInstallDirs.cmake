# Where an install puts things (FHS through GNUInstallDirs; the Debian packages use prefix
# /usr). The shipped data's folder is defined here once: the install rules put it there and
# the programs look for it there, relative to their own folder (controller/install).
include(GNUInstallDirs)
set(TG_INSTALL_DATADIR ${CMAKE_INSTALL_DATADIR}/treadguard)
file(RELATIVE_PATH TG_INSTALLED_DATA_FROM_BINDIR ${CMAKE_INSTALL_FULL_BINDIR}
     ${CMAKE_INSTALL_FULL_DATADIR}/treadguard)
# systemd units and udev rules belong to /lib on Debian 12, whatever the prefix.
set(TG_SYSTEMD_UNITDIR /lib/systemd/system CACHE PATH "Where the systemd units are installed")
set(TG_UDEV_RULESDIR /lib/udev/rules.d CACHE PATH "Where the udev rules are installed")
set(TG_CONFDIR /etc/treadguard CACHE PATH "Where the configuration files (conffiles) are installed")
