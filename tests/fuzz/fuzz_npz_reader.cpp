// Fuzzes the .npz reader (core/interchange/src/NpzReader.cpp: readNpz, NpzArray::toDoubles and
// toText), which reads XRMoCap keypoints and other tools' archives (ZIP, stored or deflated, ZIP64,
// .npy members of any dtype). The input is the archive's bytes.
//
// Promises checked:
//  - no crash or sanitizer report, and no exception but insolepose::Error;
//  - every array read holds exactly as many bytes as its shape and dtype say, and has a name;
//  - a numeric array converts to one finite-or-NaN double per element (no error), a non-numeric
//    one is refused by toDoubles with an Error;
//  - toText either gives text or an Error (never another exception).
#include "FuzzCommon.h"

#include "insolepose/Error.h"
#include "insolepose/interchange/NpzReader.h"

#include <fstream>

using namespace insolepose;
using namespace insolepose::interchange;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::filesystem::path file = fuzz::scratchDir() / "keypoints.npz";
    {
        std::ofstream f(file, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(data), std::streamsize(size));
        fuzz::check(bool(f), "cannot write " + file.string());
    }
    std::vector<NpzArray> arrays;
    try {
        arrays = readNpz(file);
    } catch (const Error&) {
        return 0;
    }
    for (const NpzArray& a : arrays) {
        const std::string label = "array '" + a.name + "' (" + a.descr + ")";
        std::size_t elements = 1;
        for (std::size_t d : a.shape)
            fuzz::check(!__builtin_mul_overflow(elements, d, &elements), label + ": shape product overflows");
        fuzz::check(a.count() == elements, label + ": count() differs from the shape's product");
        if (a.isNumeric()) {
            fuzz::check(elements == 0 || a.data.size() % elements == 0, label + ": " + std::to_string(a.data.size()) +
                                                                            " bytes for " + std::to_string(elements) +
                                                                            " elements");
            try {
                const std::vector<double> v = a.toDoubles(file.string());
                fuzz::check(v.size() == elements, label + ": toDoubles gives " + std::to_string(v.size()) +
                                                      " values for " + std::to_string(elements) + " elements");
            } catch (const Error& e) {
                fuzz::broken(label + ": a numeric array does not convert: " + e.what());
            }
        } else {
            try {
                (void)a.toDoubles(file.string());
                fuzz::broken(label + ": toDoubles accepted a non-numeric array");
            } catch (const Error&) {}
        }
        try {
            (void)a.toText(file.string());
        } catch (const Error&) {}
    }
    return 0;
}
