// Compiles the generic protocol once for FROST(Ed25519, SHA-512) inside the library, so template
// errors surface when the library builds rather than in the first user.

#include "frost/frost.h"

namespace custos::frost {

template class Identifier<Ed25519Sha512>;
template class FrostError<Ed25519Sha512>;
template class SigningPackage<Ed25519Sha512>;
template class NoncePool<Ed25519Sha512>;
template class round1::SigningNonces<Ed25519Sha512>;

template FrostResult<DealerOutput<Ed25519Sha512>, Ed25519Sha512> generate_with_dealer(std::uint16_t,
                                                                                      std::uint16_t,
                                                                                      Rng&);
template FrostResult<KeyPackage<Ed25519Sha512>, Ed25519Sha512> key_package_from_secret_share(
    const SecretShare<Ed25519Sha512>&);
template FrostResult<round2::SignatureShare<Ed25519Sha512>, Ed25519Sha512> round2::sign(
    const SigningPackage<Ed25519Sha512>&, round1::SigningNonces<Ed25519Sha512>&&,
    const KeyPackage<Ed25519Sha512>&);
template FrostResult<Signature<Ed25519Sha512>, Ed25519Sha512> aggregate(
    const SigningPackage<Ed25519Sha512>&,
    const std::map<Identifier<Ed25519Sha512>, round2::SignatureShare<Ed25519Sha512>>&,
    const PublicKeyPackage<Ed25519Sha512>&);

}  // namespace custos::frost
