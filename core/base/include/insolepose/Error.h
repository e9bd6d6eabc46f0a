#pragma once
// The exception root of the core library. Every error that crosses a public core API is an
// insolepose::Error whose message names the file, field or value that was wrong.
#include <stdexcept>
#include <string>

namespace insolepose {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A file that exists but whose contents are not what the format says (bad header, wrong dtype,
/// wrong shape, unreadable JSON, unsupported schema version).
class FormatError : public Error {
public:
    using Error::Error;
};

/// A file or folder that cannot be opened, read or written.
class IoError : public Error {
public:
    using Error::Error;
};

} // namespace insolepose
