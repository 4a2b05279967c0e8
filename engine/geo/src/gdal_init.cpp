#include "reach/geo/gdal_init.hpp"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <mutex>

namespace reach::geo {
namespace {

thread_local std::string t_last_error;

void CPL_STDCALL keep_error(CPLErr level, CPLErrorNum /*number*/, const char* message) {
    if (level >= CE_Failure && message != nullptr) {
        t_last_error = message;
    }
}

}  // namespace

void gdal_init() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(keep_error);
    });
}

std::string take_gdal_error() {
    std::string message;
    message.swap(t_last_error);
    return message;
}

void gdal_shutdown() {
    GDALDestroyDriverManager();
    OSRCleanup();
}

}  // namespace reach::geo
