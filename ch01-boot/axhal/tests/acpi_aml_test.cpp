// axhal/tests/acpi_aml_test.cpp: host tests of axhal::acpi::parse_s5, the \_S5 package reader:
// every value encoding, decoys, truncation at every length, and garbage bytecode.
#include <axhal/acpi.h>

#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

using Bytes = std::vector<uint8_t>;

namespace {

struct S5 {
    bool ok;
    uint16_t a, b;
};

// Runs parse_s5 on an exact-size heap copy, so reading past the end is a heap overflow that
// sanitizers and guard pages catch.
S5 parse(const Bytes& aml, size_t len) {
    std::unique_ptr<uint8_t[]> copy(new uint8_t[len]);
    if (len) std::memcpy(copy.get(), aml.data(), len);
    S5 r{false, 0xdead, 0xbeef};
    r.ok = axhal::acpi::parse_s5(copy.get(), uint32_t(len), r.a, r.b);
    return r;
}
S5 parse(const Bytes& aml) {
    return parse(aml, aml.size());
}

Bytes cat(const Bytes& a, const Bytes& b) {
    Bytes r = a;
    r.insert(r.end(), b.begin(), b.end());
    return r;
}

// NameOp "_S5_" PackageOp PkgLength NumElements, before the values.
const Bytes kHead = {0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04};

}  // namespace

TEST_CASE("parse_s5 reads QEMU's \\_S5 package of ZeroOps", "[acpi_aml]") {
    auto r = parse({0x08, 0x5F, 0x53, 0x35, 0x5F, 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00});
    CHECK(r.ok);
    CHECK(r.a == 0);
    CHECK(r.b == 0);
}

TEST_CASE("parse_s5 accepts the root prefix before the name", "[acpi_aml]") {
    auto r = parse(
        {0x08, 0x5C, 0x5F, 0x53, 0x35, 0x5F, 0x12, 0x06, 0x04, 0x0A, 0x05, 0x0A, 0x07, 0x00, 0x00});
    CHECK(r.ok);
    CHECK(r.a == 5);
    CHECK(r.b == 7);
    // A root prefix without the NameOp in front is not a definition.
    auto bare = parse({0x70, 0x5C, 0x5F, 0x53, 0x35, 0x5F, 0x12, 0x06, 0x04, 0x01, 0x01});
    CHECK(!bare.ok);
}

TEST_CASE("parse_s5 decodes every integer encoding", "[acpi_aml]") {
    auto byte = parse(cat(kHead, {0x0A, 0x05, 0x0A, 0x07}));
    CHECK(byte.ok);
    CHECK(byte.a == 5);
    CHECK(byte.b == 7);

    auto word = parse(cat(kHead, {0x0B, 0x34, 0x12, 0x0B, 0x78, 0x56}));
    CHECK(word.ok);
    CHECK(word.a == 0x1234);
    CHECK(word.b == 0x5678);

    auto one = parse(cat(kHead, {0x01, 0x01}));
    CHECK(one.ok);
    CHECK(one.a == 1);
    CHECK(one.b == 1);

    auto mixed = parse(cat(kHead, {0x00, 0x0B, 0xFF, 0xFF}));
    CHECK(mixed.ok);
    CHECK(mixed.a == 0);
    CHECK(mixed.b == 0xFFFF);

    auto byte_max = parse(cat(kHead, {0x0A, 0xFF, 0x01}));
    CHECK(byte_max.ok);
    CHECK(byte_max.a == 0xFF);
    CHECK(byte_max.b == 1);
}

TEST_CASE("parse_s5 skips a multi-byte PkgLength", "[acpi_aml]") {
    // Lead byte 0x41: one extra length byte follows.
    auto r = parse({0x08, '_', 'S', '5', '_', 0x12, 0x41, 0x00, 0x04, 0x0A, 0x03, 0x0A, 0x04});
    CHECK(r.ok);
    CHECK(r.a == 3);
    CHECK(r.b == 4);
    auto three = parse({0x08, '_', 'S', '5', '_', 0x12, 0xC1, 0x00, 0x00, 0x00, 0x04, 0x01, 0x00});
    CHECK(three.ok);
    CHECK(three.a == 1);
    CHECK(three.b == 0);
}

TEST_CASE("parse_s5 skips _S5_ that is not a name definition", "[acpi_aml]") {
    // A DSDT-like prefix, then "_S5_" used as a reference (after a StoreOp), then a NameOp
    // "_S5_" bound to an integer instead of a package, then the real definition.
    Bytes aml = {'D', 'S', 'D', 'T', 0x10, 0x20, '_', 'S', 'B', '_'};
    aml = cat(aml, {0x70, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x0A, 0x09, 0x0A, 0x09});
    aml = cat(aml, {0x08, '_', 'S', '5', '_', 0x0A, 0x08});
    aml = cat(aml, {0x08, '_', 'S', '4', '_', 0x12, 0x06, 0x04, 0x0A, 0x06, 0x0A, 0x06});
    aml = cat(aml, cat(kHead, {0x0A, 0x05, 0x0A, 0x02, 0x00, 0x00}));
    auto r = parse(aml);
    CHECK(r.ok);
    CHECK(r.a == 5);
    CHECK(r.b == 2);

    // "_S5_" at offset 0 has nothing before it, so it cannot be a definition.
    auto at_start = parse({'_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x01, 0x01});
    CHECK(!at_start.ok);
    // Only decoys: not found.
    auto decoys = parse({0x70, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x01, 0x01});
    CHECK(!decoys.ok);
}

TEST_CASE("parse_s5 rejects every truncation of a valid blob", "[acpi_aml]") {
    const std::vector<Bytes> blobs = {
        cat(kHead, {0x00, 0x00}),
        cat(kHead, {0x0A, 0x05, 0x0A, 0x07}),
        cat(kHead, {0x0B, 0x34, 0x12, 0x0B, 0x78, 0x56}),
        {0x08, 0x5C, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x01, 0x0A, 0x07},
        {0x08, '_', 'S', '5', '_', 0x12, 0xC1, 0x00, 0x00, 0x00, 0x04, 0x01, 0x0B, 0x01, 0x02},
    };
    for (size_t b = 0; b < blobs.size(); ++b) {
        const Bytes& blob = blobs[b];
        CAPTURE(b);
        REQUIRE(parse(blob).ok);  // the whole blob is valid
        for (size_t len = 0; len < blob.size(); ++len) {
            CAPTURE(len);
            CHECK(!parse(blob, len).ok);
        }
    }
}

TEST_CASE("parse_s5 rejects garbage value opcodes and empty input", "[acpi_aml]") {
    for (const Bytes& values : {Bytes{0xFF, 0x00}, Bytes{0x00, 0xFF}, Bytes{0x0C, 1, 0, 0, 0, 0},
                                Bytes{0x0E, 0x00}, Bytes{0x01, 0x5B}, Bytes{0x12, 0x00}}) {
        CAPTURE(values);
        CHECK(!parse(cat(kHead, values)).ok);
    }
    // NameOp "_S5_" followed by something other than a package is not S5.
    CHECK(!parse({0x08, '_', 'S', '5', '_', 0x0A, 0x05, 0x0A, 0x07}).ok);
    CHECK(!parse(Bytes{}).ok);
    uint16_t a = 1, b = 2;
    CHECK(!axhal::acpi::parse_s5(nullptr, 0, a, b));
    CHECK(a == 1);
    CHECK(b == 2);
}
