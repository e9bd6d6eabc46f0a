#include "insolepose/devices/CameraLoader.h"

#include <dlfcn.h>

#include <mutex>
#include <string>
#include <vector>

namespace insolepose::devices {

namespace {

using MakeCamera = CameraDevice* (*)(const QString&, const std::filesystem::path&, const QString&, TimeNs, bool);

/// The media library's factory: from beside this library (build tree, or the same install
/// folder), else wherever the dynamic linker finds it.
MakeCamera loadFactory(QString* error)
{
    static std::once_flag once;
    static MakeCamera factory = nullptr;
    static std::string failure;
    std::call_once(once, [] {
        const std::string soname = "libinsolepose-media.so.0";
        std::vector<std::string> candidates;
        // This library's folder: the media library sits beside it once installed, and in the
        // sibling media/ folder of the build tree.
        Dl_info info{};
        if (::dladdr(reinterpret_cast<void*>(&loadFactory), &info) && info.dli_fname) {
            const std::filesystem::path here = std::filesystem::path(info.dli_fname).parent_path();
            candidates.push_back((here / soname).string());
            candidates.push_back((here.parent_path() / "media" / soname).string());
        }
        candidates.push_back(soname);
        for (const std::string& c : candidates) {
            void* handle = ::dlopen(c.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (!handle) {
                failure += std::string(::dlerror()) + "; ";
                continue;
            }
            factory = reinterpret_cast<MakeCamera>(::dlsym(handle, "insolepose_media_make_camera"));
            if (factory)
                return;
            failure += c + ": no insolepose_media_make_camera; ";
        }
    });
    if (!factory && error)
        *error = QStringLiteral("cameras need the media library (%1), which could not be loaded: %2")
                     .arg(QStringLiteral("libinsolepose-media.so.0"), QString::fromStdString(failure));
    return factory;
}

} // namespace

std::unique_ptr<CameraDevice> makeCamera(const QString& source, const std::filesystem::path& folder,
                                         const QString& name, TimeNs clockOrigin_ns, bool loop, QString* error)
{
    const MakeCamera factory = loadFactory(error);
    if (!factory)
        return nullptr;
    return std::unique_ptr<CameraDevice>(factory(source, folder, name, clockOrigin_ns, loop));
}

} // namespace insolepose::devices
