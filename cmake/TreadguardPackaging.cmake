# Install rules and the Debian packages (CPack DEB), one package per component:
#   treadguard         (component controller): controller, CLI, sim, shipped data, config,
#                      the controller's unit and the RS-485 udev rule
#   treadguard-hmi     (component hmi): the touchscreen and its unit
#   treadguard-clinic  (component clinic): the clinic server, its unit, its config and the
#                      mosquitto/PostgreSQL templates
# `cpack --config build/CPackConfig.cmake` (or `cmake --build build --target package`)
# writes treadguard_<version>_<arch>.deb and its siblings. Runtime library dependencies
# are computed by dpkg-shlibdeps; only what no binary links to is listed here.
set(TG_PACKAGE_PREFIX /usr)
set(TG_PACKAGE_BINDIR ${TG_PACKAGE_PREFIX}/${CMAKE_INSTALL_BINDIR})
set(TG_PACKAGE_DIR ${PROJECT_BINARY_DIR}/package)

# The units name the binaries where the packages put them (/usr/bin): the units are for the
# packages; a `cmake --install` to another prefix would have to edit ExecStart=.
set(TG_FULL_BINDIR ${TG_PACKAGE_BINDIR})
foreach(unit hw/linux/treadguard-controller hw/linux/treadguard-hmi hw/clinic/treadguard-clinic)
    get_filename_component(name ${unit} NAME)
    configure_file(${PROJECT_SOURCE_DIR}/${unit}.service.in ${TG_PACKAGE_DIR}/units/${name}.service @ONLY)
endforeach()

# Debian wants a changelog and a copyright file in every package's doc folder.
string(TIMESTAMP TG_PACKAGE_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
set(TG_PACKAGE_MAINTAINER "treadguard developers <treadguard@example.org>" CACHE STRING
    "The packages' Maintainer: field (and their changelog's)")
set(TG_MAINTAINER "${TG_PACKAGE_MAINTAINER}")

function(tg_package_docs component package)
    set(TG_PACKAGE_NAME ${package})
    configure_file(${PROJECT_SOURCE_DIR}/hw/linux/package/changelog.in
                   ${TG_PACKAGE_DIR}/${package}/changelog @ONLY)
    execute_process(COMMAND gzip -9nf ${TG_PACKAGE_DIR}/${package}/changelog
                    RESULT_VARIABLE gz)
    if(NOT gz EQUAL 0)
        message(FATAL_ERROR "gzip of ${package}'s changelog failed")
    endif()
    install(FILES ${TG_PACKAGE_DIR}/${package}/changelog.gz ${PROJECT_SOURCE_DIR}/hw/linux/package/copyright
            DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
endfunction()

# --- treadguard: the controller, CLI, sim and the shipped data --------------------------
install(DIRECTORY ${PROJECT_SOURCE_DIR}/hw/devices ${PROJECT_SOURCE_DIR}/hw/treadmills
                  ${PROJECT_SOURCE_DIR}/hw/calibration
        DESTINATION ${TG_INSTALL_DATADIR}/hw COMPONENT controller)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/profiles DESTINATION ${TG_INSTALL_DATADIR}
        COMPONENT controller)
install(FILES ${PROJECT_SOURCE_DIR}/hw/linux/controller.example.toml DESTINATION ${TG_CONFDIR}
        RENAME controller.toml COMPONENT controller)
install(FILES ${TG_PACKAGE_DIR}/units/treadguard-controller.service
        DESTINATION ${TG_SYSTEMD_UNITDIR} COMPONENT controller)
install(FILES ${PROJECT_SOURCE_DIR}/hw/linux/60-treadguard-rs485.rules
        DESTINATION ${TG_UDEV_RULESDIR} COMPONENT controller)
install(FILES ${PROJECT_SOURCE_DIR}/hw/linux/99-treadguard-serials.rules
              ${PROJECT_SOURCE_DIR}/hw/linux/controller.example.toml
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples COMPONENT controller)
install(FILES ${PROJECT_SOURCE_DIR}/hw/linux/INSTALL.md DESTINATION ${CMAKE_INSTALL_DOCDIR}
        RENAME setup.md COMPONENT controller)
tg_package_docs(controller treadguard)

# --- treadguard-hmi -------------------------------------------------------------------
if(TARGET treadguard-hmi)
    install(FILES ${TG_PACKAGE_DIR}/units/treadguard-hmi.service
            DESTINATION ${TG_SYSTEMD_UNITDIR} COMPONENT hmi)
    tg_package_docs(hmi treadguard-hmi)
endif()

# --- treadguard-clinic ----------------------------------------------------------------
if(TARGET treadguard-clinic)
    install(FILES ${TG_PACKAGE_DIR}/units/treadguard-clinic.service
            DESTINATION ${TG_SYSTEMD_UNITDIR} COMPONENT clinic)
    install(FILES ${PROJECT_SOURCE_DIR}/hw/clinic/clinic.example.toml DESTINATION ${TG_CONFDIR}
            RENAME clinic.toml COMPONENT clinic)
    set(clinic_doc ${CMAKE_INSTALL_DATADIR}/doc/treadguard-clinic)
    install(FILES ${PROJECT_SOURCE_DIR}/hw/clinic/README.md DESTINATION ${clinic_doc} COMPONENT clinic)
    install(FILES ${PROJECT_SOURCE_DIR}/hw/clinic/postgres-roles.sql
                  ${PROJECT_SOURCE_DIR}/hw/clinic/clinic.example.toml
            DESTINATION ${clinic_doc}/examples COMPONENT clinic)
    install(FILES ${PROJECT_SOURCE_DIR}/hw/clinic/mosquitto/treadguard.conf
                  ${PROJECT_SOURCE_DIR}/hw/clinic/mosquitto/treadguard.acl.example
            DESTINATION ${clinic_doc}/examples/mosquitto COMPONENT clinic)
    tg_package_docs(clinic treadguard-clinic)
endif()

# --- CPack DEB --------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME treadguard)
set(CPACK_PACKAGE_VENDOR "treadguard")
set(CPACK_PACKAGE_CONTACT "${TG_MAINTAINER}")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX ${TG_PACKAGE_PREFIX})
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL controller)
if(TARGET treadguard-hmi)
    list(APPEND CPACK_COMPONENTS_ALL hmi)
endif()
if(TARGET treadguard-clinic)
    list(APPEND CPACK_COMPONENTS_ALL clinic)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${TG_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(maint ${PROJECT_SOURCE_DIR}/hw/linux/package)
set(CPACK_DEBIAN_CONTROLLER_PACKAGE_NAME treadguard)
set(CPACK_DEBIAN_CONTROLLER_PACKAGE_DEPENDS "passwd, tzdata")
set(CPACK_DEBIAN_CONTROLLER_DESCRIPTION "treadmill controller for return-to-run rehabilitation
A controller add-on for treadmills: it drives the belt motor's VFD and
reads the deck's load cells over Modbus (RTU and TCP), measures every foot
strike and enforces a gradual ramp-up of speed and duration.
.
This package holds the controller daemon, the treadguard command line,
the treadguard-sim virtual treadmill, the device maps, machine files and
protocol profiles. Its service is enabled on install, never started by it.")
set(CPACK_DEBIAN_CONTROLLER_PACKAGE_CONTROL_EXTRA
    ${maint}/treadguard/conffiles ${maint}/treadguard/postinst ${maint}/treadguard/prerm
    ${maint}/treadguard/postrm)

set(CPACK_DEBIAN_HMI_PACKAGE_NAME treadguard-hmi)
# CPACK_DEBIAN_HMI_PACKAGE_DEPENDS: set at cpack time, from the version packaged.
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/cmake/TreadguardCPackProject.cmake)
set(CPACK_DEBIAN_HMI_PACKAGE_RECOMMENDS "espeak-ng")
set(CPACK_DEBIAN_HMI_DESCRIPTION "touchscreen for the treadguard treadmill controller
The runner's and clinician's touchscreen (Dear ImGui on SDL2): choose the
runner, start, adjust speed, report pain, stop; metronome and spoken cues.
A client of the controller's local API; its service is enabled on install,
never started by it.")
set(CPACK_DEBIAN_HMI_PACKAGE_CONTROL_EXTRA
    ${maint}/treadguard-hmi/postinst ${maint}/treadguard-hmi/prerm ${maint}/treadguard-hmi/postrm)

set(CPACK_DEBIAN_CLINIC_PACKAGE_NAME treadguard-clinic)
set(CPACK_DEBIAN_CLINIC_PACKAGE_DEPENDS "passwd")
set(CPACK_DEBIAN_CLINIC_PACKAGE_RECOMMENDS "mosquitto, postgresql")
set(CPACK_DEBIAN_CLINIC_DESCRIPTION "clinic server for treadguard treadmills
Takes the treadmills' records from an MQTT broker (mosquitto) and stores
them in PostgreSQL, each record once. Ships its configuration as a
conffile and the broker and database set-up as templates; its service is
enabled on install, never started by it.")
set(CPACK_DEBIAN_CLINIC_PACKAGE_CONTROL_EXTRA
    ${maint}/treadguard-clinic/conffiles ${maint}/treadguard-clinic/postinst
    ${maint}/treadguard-clinic/prerm ${maint}/treadguard-clinic/postrm)
include(CPack)
